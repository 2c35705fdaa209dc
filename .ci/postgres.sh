# Start Debian's PostgreSQL cluster on 127.0.0.1 and create the test role and database.
# Sourced by .ci/run (and usable by hand: `source .ci/postgres.sh && start_postgres`).
start_postgres() {
  local version
  version="$(ls /usr/lib/postgresql | sort -V | tail -1)"
  if ! pg_lsclusters -h 2>/dev/null | awk '{print $1" "$2}' | grep -qx "$version main"; then
    pg_createcluster "$version" main >/dev/null
  fi
  PGPORT="$(pg_lsclusters -h | awk -v v="$version" '$1==v && $2=="main" {print $3}')"
  export PGPORT
  pg_ctlcluster "$version" main start 2>/dev/null || true
  for _ in $(seq 1 60); do
    pg_isready -q -h 127.0.0.1 -p "$PGPORT" && break
    sleep 0.5
  done
  pg_isready -h 127.0.0.1 -p "$PGPORT"
  runuser -u postgres -- psql -q -p "$PGPORT" -v ON_ERROR_STOP=1 <<'SQL'
DO $$
BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'rencontres') THEN
    CREATE ROLE rencontres LOGIN CREATEDB PASSWORD 'rencontres';
  END IF;
END $$;
SQL
  if ! runuser -u postgres -- psql -p "$PGPORT" -tAc "SELECT 1 FROM pg_database WHERE datname = 'rencontres'" | grep -q 1; then
    runuser -u postgres -- createdb -p "$PGPORT" -O rencontres rencontres
  fi
  echo "PostgreSQL $version ready on 127.0.0.1:$PGPORT"
}
