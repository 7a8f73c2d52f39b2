# Generated tables for the continuity scenario and the benchmark (sourced).

# big_table SERVICES BACKENDS WEIGHT_BUMP: a .lvs file of SERVICES clusters of BACKENDS
# NAT backends each (10.100.0.0/16 and 10.200.0.0/16) on stdout; every backend whose
# number is divisible by WEIGHT_BUMP (0: none) gets weight 2 instead of 1.
big_table() {
    awk -v services="$1" -v backends="$2" -v bump="$3" 'BEGIN {
        print "director { gateway 10.200.0.0/16 }"
        for (s = 0; s < services; s++) {
            printf "cluster s%d {\n    vip 10.100.%d.%d\n    port tcp 80\n    scheduler wrr\n    forward nat\n", s, int(s / 250), s % 250 + 1
            for (b = 0; b < backends; b++) {
                n = s * backends + b
                w = (bump > 0 && n % bump == 0) ? 2 : 1
                printf "    backend 10.200.%d.%d:8080 weight %d\n", int(n / 250), n % 250 + 1, w
            }
            print "}"
        }
    }'
}
