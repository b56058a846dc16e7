#!/bin/bash
# Offline preflight (issue 22), for a plan whose machines have no internet: is the bundle
# `kubelab bundle push` leaves on the node there, with its manifest, and does it hold every
# package and image archive the plan needs here? Read-only; run as root before the install.
# Packages are read from the bundle's own files — what bundle-repo's local repository is then
# made of —: a .deb's control fields with `dpkg-deb -f FILE Package Version` (dpkg-deb(1), what
# dpkg-scanpackages reads), an .rpm's header with `rpm -qp --qf '%{NAME} %{VERSION}\n' FILE`
# (rpm(8) query format).
# Environment (data only):
#   KL_BUNDLE_DIR  where the push left the bundle (/var/lib/kubelab/bundle)
#   KL_FAMILY      deb|rpm, KL_ARCH the architecture as the family spells it (amd64, x86_64)
#   KL_PACKAGES    one `name [version]` per line: the version is the upstream one wanted exactly
#   KL_IMAGES      one archive path per line, relative to KL_BUNDLE_DIR
# Output: `bundle present|absent`, `manifest present|absent`, then per wanted package
# `package <name> ok <version>|missing [<versions found>]`, per archive `image <path> ok|missing`,
# then `@@KL:end`.
set -uo pipefail
export LC_ALL=C PATH="$PATH:/usr/local/sbin:/usr/local/bin:/usr/sbin:/sbin"
dir=${KL_BUNDLE_DIR:?KL_BUNDLE_DIR is required}

if [[ ! -d $dir ]]; then
  echo "bundle absent"
  echo "@@KL:end"
  exit 0
fi
echo "bundle present"
if [[ -f $dir/manifest.json ]]; then echo "manifest present"; else echo "manifest absent"; fi

# `name version` of every package file the bundle holds for this machine.
held() {
  local f
  for f in "$dir/packages/${KL_FAMILY}/${KL_ARCH}"/*; do
    [[ -f $f ]] || continue
    case $f in
      *.deb) dpkg-deb -f "$f" Package Version 2>/dev/null | awk -F': ' '{ v[NR] = $2 } END { if (NR == 2) print v[1], v[2] }' ;;
      *.rpm) rpm -qp --qf '%{NAME} %{VERSION}\n' "$f" 2>/dev/null ;;
    esac
  done
}

have=$(held)
while read -r name want; do
  [[ -n $name ]] || continue
  found=$(awk -v n="$name" '$1 == n { print $2 }' <<<"$have")
  ok=""
  while read -r v; do
    [[ -n $v ]] || continue
    up=${v#*:}
    up=${up%%-*}
    up=${up%%~*}
    if [[ -z $want || $up == "$want" ]]; then ok=$v; break; fi
  done <<<"$found"
  if [[ -n $ok ]]; then echo "package $name ok $ok"; else echo "package $name missing $(paste -sd, - <<<"$found")"; fi
done <<<"${KL_PACKAGES:-}"

while read -r path; do
  [[ -n $path ]] || continue
  if [[ -s $dir/$path ]]; then echo "image $path ok"; else echo "image $path missing"; fi
done <<<"${KL_IMAGES:-}"
echo "@@KL:end"
