#!/usr/bin/env bash
# PostgreSQL's CPU by kind of process over a load, for scripts that measure one (profile-batch.sh, bench.sh): where a
# run was slow, whether autovacuum or a checkpoint shared the cores with it shows here. Sourced; needs /proc.

# proc_cpu_ticks PID: the CPU a process has used so far (utime + stime), in clock ticks.
proc_cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }

# pg_cpu_snapshot DATABASE: each live postgres process's CPU ticks (utime + stime) with its role, from its title (a
# backend of DATABASE is "backends"), then what each postmaster's exited children used (cutime + cstime), as "reaped".
pg_cpu_snapshot() {
  local db="$1" p title role reaped=0
  for p in $(pgrep -u postgres postgres); do
    title=$(tr '\0' ' ' < "/proc/$p/cmdline" 2>/dev/null) || continue
    case "$title" in
      *autovacuum*) role=autovacuum ;; *walwriter*|*"wal writer"*) role=walwriter ;;
      *checkpointer*|*"background writer"*) role=checkpointer+bgwriter ;; *walsender*) role=walsender ;;
      *"$db"*) role=backends ;; *) role=other ;;
    esac
    echo "$p $(proc_cpu_ticks "$p" 2>/dev/null || echo 0) $role"
  done
  # A postmaster is a postgres process whose parent is not one.
  for p in $(ps -u postgres -o pid=,ppid=,comm= | awk '$3 == "postgres" { pid[$1] = $2 } END { for (p in pid) if (!(pid[p] in pid)) print p }'); do
    reaped=$((reaped + $(awk '{print $16 + $17}' "/proc/$p/stat")))
  done
  echo "reaped $reaped"
}

# pg_cpu_by_role BEFORE_FILE AFTER_FILE: "role ticks" per role between two snapshots. A process that exits between them
# is counted under "exited" (its reaped ticks less those it had at the start), so it neither vanishes nor subtracts.
pg_cpu_by_role() {
  awk 'NR == FNR { before[$1] = $2; next }
    $1 == "reaped" { delta["exited"] += $2 - before["reaped"]; next }
    { seen[$1] = 1; delta[$3] += $2 - before[$1] }
    END { for (p in before) if (p != "reaped" && !(p in seen)) delta["exited"] -= before[p]
          for (r in delta) printf "%s %d\n", r, delta[r] }' "$1" "$2"
}

# pg_cpu_line ROLES: one line, heaviest role first, in seconds ("PostgreSQL by process: backends 21.3 s, …").
pg_cpu_line() {
  echo "$1" | sort -k2 -nr | awk -v hz="$(getconf CLK_TCK)" \
    '{ printf "%s%s %.1f s", (NR > 1 ? ", " : "PostgreSQL by process: "), $1, $2 / hz } END { print "" }'
}

# pg_checkpoints DATABASE: checkpoints the cluster has started (timed and requested) since its statistics were reset.
pg_checkpoints() { pg_psql -d "$1" -tAc "SELECT checkpoints_timed + checkpoints_req FROM pg_stat_bgwriter"; }
