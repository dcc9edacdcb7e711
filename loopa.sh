i=0
while [ $i -lt 100 ]; do /work/main/.build/release/ddswift -file a.conf -cache a.cache >/dev/null 2>&1; i=$((i+1)); done
