#!/bin/sh
ipvsadm -A -t 10.41.0.1:80 -s rr
ipvsadm -a -t 10.41.0.1:80 -r 10.41.1.1 -g
ipvsadm -C
ipvsadm -A -t 10.41.0.2:80 -s wrr
ipvsadm -a -t 10.41.0.2:80 -r 10.41.1.2:8080 -m -w 4 -x 100 -y 10
