# gnuplot ctl-write.gp (from plots/): writes ctl-write.svg and ctl-write.png
set logscale xy
set grid
set key top left
set xlabel 'buffer size, pages (1+2^k)'
set ylabel 'median latency, ns (icount: guest instructions)'
set title "ctl-write: first write to the control page (data_tail), after a read\nicount, 2026-11-26T1543-vm-icount"
set terminal svg size 800,560 dynamic
set output 'ctl-write.svg'
plot 'ctl-write.dat' using 1:2 with linespoints lw 2 lc 1 title 'baseline', \
     'ctl-write.dat' using 1:3 with linespoints lw 2 lc 2 title 'pfnmap', \
     'ctl-write.dat' using 1:4 with linespoints lw 2 lc 3 title 'mixedmap', \
     'ctl-write.dat' using 1:5 with linespoints lw 2 lc 4 title 'kpages'
set terminal pngcairo size 800,560
set output 'ctl-write.png'
plot 'ctl-write.dat' using 1:2 with linespoints lw 2 lc 1 title 'baseline', \
     'ctl-write.dat' using 1:3 with linespoints lw 2 lc 2 title 'pfnmap', \
     'ctl-write.dat' using 1:4 with linespoints lw 2 lc 3 title 'mixedmap', \
     'ctl-write.dat' using 1:5 with linespoints lw 2 lc 4 title 'kpages'
