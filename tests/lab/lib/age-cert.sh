#!/usr/bin/env bash
# age-cert.sh CERT KEY CA_CRT CA_KEY: re-sign CERT (same key, same subject) by its CA with a
# validity that ended 30 days ago, as a certificate left a year without renewal looks. OpenSSL 3.0's
# `x509 -req` has no -not_before/-not_after, so `openssl ca` with -startdate/-enddate signs it.
set -euo pipefail
crt=$1 key=$2 cacrt=$3 cakey=$4
d=$(mktemp -d)
trap 'rm -rf "$d"' EXIT
touch "$d/index.txt"
echo 01 >"$d/serial"
printf '[ca]\ndefault_ca=c\n[c]\ndatabase=%s/index.txt\nserial=%s/serial\nnew_certs_dir=%s\npolicy=p\ndefault_md=sha256\nunique_subject=no\n[p]\ncommonName=supplied\norganizationName=optional\n' \
  "$d" "$d" "$d" >"$d/ca.cnf"
openssl x509 -x509toreq -in "$crt" -signkey "$key" -out "$d/req.csr" 2>/dev/null
start=$(date -u -d '-395 days' +%Y%m%d%H%M%SZ)
end=$(date -u -d '-30 days' +%Y%m%d%H%M%SZ)
openssl ca -batch -notext -config "$d/ca.cnf" -cert "$cacrt" -keyfile "$cakey" -in "$d/req.csr" \
  -startdate "$start" -enddate "$end" -out "$crt" 2>/dev/null
