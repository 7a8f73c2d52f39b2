ipvsadm -E -t 10.45.0.1:80 -s rr
