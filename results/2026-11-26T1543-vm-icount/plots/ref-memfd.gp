# gnuplot ref-memfd.gp (from plots/): writes ref-memfd.svg and ref-memfd.png
set logscale xy
set grid
set key top left
set xlabel 'buffer size, pages (1+2^k)'
set ylabel 'median latency, ns (icount: guest instructions)'
set title "ref-memfd: reference: mmap(MAP_POPULATE) of a populated memfd\nicount, 2026-11-26T1543-vm-icount"
set terminal svg size 800,560 dynamic
set output 'ref-memfd.svg'
plot 'ref-memfd.dat' using 1:2 with linespoints lw 2 lc 1 title 'baseline', \
     'ref-memfd.dat' using 1:3 with linespoints lw 2 lc 2 title 'pfnmap', \
     'ref-memfd.dat' using 1:4 with linespoints lw 2 lc 3 title 'mixedmap', \
     'ref-memfd.dat' using 1:5 with linespoints lw 2 lc 4 title 'kpages'
set terminal pngcairo size 800,560
set output 'ref-memfd.png'
plot 'ref-memfd.dat' using 1:2 with linespoints lw 2 lc 1 title 'baseline', \
     'ref-memfd.dat' using 1:3 with linespoints lw 2 lc 2 title 'pfnmap', \
     'ref-memfd.dat' using 1:4 with linespoints lw 2 lc 3 title 'mixedmap', \
     'ref-memfd.dat' using 1:5 with linespoints lw 2 lc 4 title 'kpages'
