# gnuplot mmap-first.gp (from plots/): writes mmap-first.svg and mmap-first.png
set logscale xy
set grid
set key top left
set xlabel 'buffer size, pages (1+2^k)'
set ylabel 'median latency, ns (icount: guest instructions)'
set title "mmap-first: first mmap() of an event: buffer allocated and mapped\nicount, 2026-11-26T1543-vm-icount"
set terminal svg size 800,560 dynamic
set output 'mmap-first.svg'
plot 'mmap-first.dat' using 1:2 with linespoints lw 2 lc 1 title 'baseline', \
     'mmap-first.dat' using 1:3 with linespoints lw 2 lc 2 title 'pfnmap', \
     'mmap-first.dat' using 1:4 with linespoints lw 2 lc 3 title 'mixedmap', \
     'mmap-first.dat' using 1:5 with linespoints lw 2 lc 4 title 'kpages', \
     'mmap-first.dat' using 1:6 with lines dt 2 lc rgb 'gray40' title 'ref-memfd (in baseline run)'
set terminal pngcairo size 800,560
set output 'mmap-first.png'
plot 'mmap-first.dat' using 1:2 with linespoints lw 2 lc 1 title 'baseline', \
     'mmap-first.dat' using 1:3 with linespoints lw 2 lc 2 title 'pfnmap', \
     'mmap-first.dat' using 1:4 with linespoints lw 2 lc 3 title 'mixedmap', \
     'mmap-first.dat' using 1:5 with linespoints lw 2 lc 4 title 'kpages', \
     'mmap-first.dat' using 1:6 with lines dt 2 lc rgb 'gray40' title 'ref-memfd (in baseline run)'
