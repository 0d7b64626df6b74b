# gnuplot cycle.gp (from plots/): writes cycle.svg and cycle.png
set logscale xy
set grid
set key top left
set xlabel 'buffer size, pages (1+2^k)'
set ylabel 'median latency, ns (icount: guest instructions)'
set title "cycle: open, mmap, read every page, munmap, close\nicount, 2026-11-26T1543-vm-icount"
set terminal svg size 800,560 dynamic
set output 'cycle.svg'
plot 'cycle.dat' using 1:2 with linespoints lw 2 lc 1 title 'baseline', \
     'cycle.dat' using 1:3 with linespoints lw 2 lc 2 title 'pfnmap', \
     'cycle.dat' using 1:4 with linespoints lw 2 lc 3 title 'mixedmap', \
     'cycle.dat' using 1:5 with linespoints lw 2 lc 4 title 'kpages', \
     'cycle.dat' using 1:6 with lines dt 2 lc rgb 'gray40' title 'ref-memfd (in baseline run)'
set terminal pngcairo size 800,560
set output 'cycle.png'
plot 'cycle.dat' using 1:2 with linespoints lw 2 lc 1 title 'baseline', \
     'cycle.dat' using 1:3 with linespoints lw 2 lc 2 title 'pfnmap', \
     'cycle.dat' using 1:4 with linespoints lw 2 lc 3 title 'mixedmap', \
     'cycle.dat' using 1:5 with linespoints lw 2 lc 4 title 'kpages', \
     'cycle.dat' using 1:6 with lines dt 2 lc rgb 'gray40' title 'ref-memfd (in baseline run)'
