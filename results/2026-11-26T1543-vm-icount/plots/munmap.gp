# gnuplot munmap.gp (from plots/): writes munmap.svg and munmap.png
set logscale xy
set grid
set key top left
set xlabel 'buffer size, pages (1+2^k)'
set ylabel 'median latency, ns (icount: guest instructions)'
set title "munmap: munmap() of the only mapping, every page read before\nicount, 2026-11-26T1543-vm-icount"
set terminal svg size 800,560 dynamic
set output 'munmap.svg'
plot 'munmap.dat' using 1:2 with linespoints lw 2 lc 1 title 'baseline', \
     'munmap.dat' using 1:3 with linespoints lw 2 lc 2 title 'pfnmap', \
     'munmap.dat' using 1:4 with linespoints lw 2 lc 3 title 'mixedmap', \
     'munmap.dat' using 1:5 with linespoints lw 2 lc 4 title 'kpages'
set terminal pngcairo size 800,560
set output 'munmap.png'
plot 'munmap.dat' using 1:2 with linespoints lw 2 lc 1 title 'baseline', \
     'munmap.dat' using 1:3 with linespoints lw 2 lc 2 title 'pfnmap', \
     'munmap.dat' using 1:4 with linespoints lw 2 lc 3 title 'mixedmap', \
     'munmap.dat' using 1:5 with linespoints lw 2 lc 4 title 'kpages'
