#!/bin/bash
# Measure a brand-new non-root account (as root, after make hub-install): first and
# second run of notebook 01 through the system gonb kernel, then the other four, and
# its disk use. Results in /tmp/measure.out. Removes nothing: userdel -r gradnbmeasure after.
set -u
U=gradnbmeasure
userdel -r -f $U 2>/dev/null
useradd -m $U && chmod 700 /home/$U
runuser -u $U -- sh -c 'mkdir -p ~/notebooks && cp /opt/gradnb/src/notebooks/*.ipynb ~/notebooks/'
du -sk /home/$U | cut -f1 > /tmp/measure.du0
run() { runuser -u $U -- env -i HOME=/home/$U PATH=/usr/bin:/bin sh -c "cd ~/notebooks && jupyter-nbconvert --execute --to notebook --ExecutePreprocessor.kernel_name=gonb --ExecutePreprocessor.timeout=600 --output /tmp/$U-\$(basename $1) $1" >/tmp/measure-$2.log 2>&1; }
s=$(date +%s.%N); run 01_gradient_descent.ipynb first; e=$(date +%s.%N); echo "first $(echo "$e - $s" | bc) rc=$?" >> /tmp/measure.out
s=$(date +%s.%N); run 01_gradient_descent.ipynb second; e=$(date +%s.%N); echo "second $(echo "$e - $s" | bc)" >> /tmp/measure.out
for n in 02_momentum 03_momentum_least_squares 04_newton_vs_gradient_descent 05_line_search; do
 s=$(date +%s.%N); run $n.ipynb $n; e=$(date +%s.%N); echo "$n $(echo "$e - $s" | bc)" >> /tmp/measure.out
done
echo "home_kb_before $(cat /tmp/measure.du0) after $(du -sk /home/$U | cut -f1)" >> /tmp/measure.out
du -sk /home/$U/.cache/* /home/$U/.local 2>/dev/null >> /tmp/measure.out
echo done >> /tmp/measure.out
