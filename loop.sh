i=0
while [ $i -lt 100 ]; do /work/main/.build/release/ddswift -file g.conf -cache g.cache >/dev/null 2>&1; i=$((i+1)); done
