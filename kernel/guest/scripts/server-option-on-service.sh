ipvsadm -A -t 10.43.0.1:80 -s rr -r 10.43.1.1
