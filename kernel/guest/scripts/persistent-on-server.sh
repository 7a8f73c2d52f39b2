ipvsadm -A -t 10.44.0.1:80 -s rr
ipvsadm -a -t 10.44.0.1:80 -r 10.44.1.1 -p 30
