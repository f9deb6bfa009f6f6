#!/usr/bin/env bash
# thread-cpu.sh PID : one line per kind of thread of PID, "name<TAB>cpu_ms" (user+system so far),
# with digits in thread names replaced by # so that pools add up (caravan-http-#, C# CompilerThre...).
# Linux truncates thread names to 15 characters. Threads that have exited are not listed, so a
# difference of two snapshots misses the CPU of threads that ended in between.
hz=$(getconf CLK_TCK)
for t in /proc/"$1"/task/*; do
    { read -r name < "$t/comm" && read -r stat < "$t/stat"; } 2>/dev/null || continue
    # fields after the "(comm)" part: state is field 3, utime 14, stime 15
    rest=${stat##*) }
    set -- $rest
    printf '%s\t%s\n' "$(sed 's/[0-9]\+/#/g' <<<"$name")" "$(( ${12} + ${13} ))"
done | awk -F'\t' -v hz="$hz" '{a[$1] += $2} END {for (k in a) printf "%s\t%d\n", k, a[k] * 1000 / hz}' | sort
