#!/usr/bin/env bash
# A one-node Slurm cluster on this machine, for trying `--executor slurm` and for CI (run as root).
#   scripts/slurm-local.sh start    install slurm-wlm + munge if missing, write the configuration, start munged,
#                                   slurmctld and slurmd, wait until `sinfo` shows the node idle (SLURM_LOCAL_TIMEOUT s, default 120)
#   scripts/slurm-local.sh stop     stop the three daemons (the configuration and state stay)
#   scripts/slurm-local.sh status   the daemons and `sinfo`
# Idempotent: `start` on a running cluster only waits for the node; `stop` on a stopped one does nothing.
# It writes /etc/slurm/slurm.conf only when there is none or it wrote the one there (a real cluster's is never touched).
set -euo pipefail

state=/var/spool/tidygan-slurm
conf=/etc/slurm/slurm.conf
marker="# written by TidyGan scripts/slurm-local.sh"
timeout=${SLURM_LOCAL_TIMEOUT:-120}

die() { echo "slurm-local: $*" >&2; exit 1; }

need_root() { [[ $(id -u) == 0 ]] || die "must run as root (it installs packages and starts munged, slurmctld and slurmd)"; }

install_packages() {
  local missing=()
  for p in slurm-wlm munge; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  if ((${#missing[@]})); then
    echo "slurm-local: installing ${missing[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  fi
}

write_config() {
  if [[ -f $conf ]] && ! grep -qF "$marker" "$conf"; then
    die "$conf exists and was not written by this script: this machine already has a Slurm configuration; use that cluster, or move the file away"
  fi
  local host cpus mem
  host=$(hostname -s)
  cpus=$(nproc --all)
  mem=$(awk '/^MemTotal:/ { printf "%d", $2 / 1024 }' /proc/meminfo)   # MB, as slurmd measures it
  mkdir -p "$state/ctld" "$state/d" /etc/slurm
  cat > "$conf.tmp" <<EOF
$marker
ClusterName=tidygan
SlurmctldHost=$host
SlurmUser=root
SlurmctldPort=6817
SlurmdPort=6818
AuthType=auth/munge
StateSaveLocation=$state/ctld
SlurmdSpoolDir=$state/d
SlurmctldPidFile=$state/slurmctld.pid
SlurmdPidFile=$state/slurmd.pid
SlurmctldLogFile=$state/slurmctld.log
SlurmdLogFile=$state/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core_Memory
SchedulerType=sched/backfill
ReturnToService=2
MpiDefault=none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
SchedulerParameters=sched_interval=2
MinJobAge=600
KillWait=10
NodeName=$host CPUs=$cpus RealMemory=$mem State=UNKNOWN
PartitionName=debug Nodes=$host Default=YES MaxTime=INFINITE State=UP
EOF
  mv "$conf.tmp" "$conf"
}

running() { local pid; pid=$(cat "$1" 2>/dev/null) && kill -0 "$pid" 2>/dev/null; }

start_munge() {
  if running /run/munge/munged.pid; then return; fi
  mkdir -p /run/munge /var/log/munge /var/lib/munge
  chown munge:munge /run/munge /var/log/munge /var/lib/munge
  [[ -s /etc/munge/munge.key ]] || { mungekey --create --keyfile /etc/munge/munge.key 2>/dev/null || dd if=/dev/urandom of=/etc/munge/munge.key bs=1 count=1024 status=none; }
  chown munge:munge /etc/munge/munge.key; chmod 600 /etc/munge/munge.key
  runuser -u munge -- /usr/sbin/munged || die "munged did not start (see /var/log/munge/munged.log)"
}

node_state() { sinfo -h -N -o '%t' 2>/dev/null | head -1 || true; }

start() {
  need_root
  install_packages
  write_config
  local t0=$SECONDS
  start_munge
  running "$state/slurmctld.pid" || /usr/sbin/slurmctld || die "slurmctld did not start (see $state/slurmctld.log)"
  running "$state/slurmd.pid" || /usr/sbin/slurmd || die "slurmd did not start (see $state/slurmd.log)"
  local s=""
  while (( SECONDS - t0 < timeout )); do
    s=$(node_state)
    case "$s" in
      idle|mix|alloc) echo "slurm-local: node $(hostname -s) is $s after $((SECONDS - t0)) s"; return 0 ;;
      drain*|down*|inval*)
        scontrol update NodeName="$(hostname -s)" State=RESUME 2>/dev/null || true ;;
    esac
    sleep 1
  done
  die "the node did not become idle within $timeout s (last state: '${s:-no answer from slurmctld}'); see $state/slurmctld.log and $state/slurmd.log"
}

stop_pid() {
  local file=$1 name=$2
  if running "$file"; then
    kill "$(cat "$file")"
    for _ in $(seq 50); do running "$file" || break; sleep 0.2; done
    running "$file" && die "$name (pid $(cat "$file")) did not stop"
    echo "slurm-local: stopped $name"
  fi
  return 0
}

stop() {
  need_root
  stop_pid "$state/slurmd.pid" slurmd
  stop_pid "$state/slurmctld.pid" slurmctld
  stop_pid /run/munge/munged.pid munged
}

status() {
  local d file
  for d in munged slurmctld slurmd; do
    file=$state/$d.pid; [[ $d == munged ]] && file=/run/munge/munged.pid
    if running "$file"; then echo "$d: running (pid $(cat "$file"))"; else echo "$d: stopped"; fi
  done
  sinfo 2>&1 || true
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status) status ;;
  *) echo "usage: scripts/slurm-local.sh start|stop|status" >&2; exit 2 ;;
esac
