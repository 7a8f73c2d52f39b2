ipvsadm -A -t 10.42.0.1:80 -s rr
ipvsadm -A -t 10.42.0.1:80 -s wrr
