ipvsadm -A -t 10.46.0.1:80 -s rr
ipvsadm -a -t 10.46.0.1:80 -r 10.46.1.1 -g
ipvsadm -a -t 10.46.0.1:80 -r 10.46.1.1 -g -w 3
