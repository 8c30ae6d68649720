#!/usr/bin/env bash
# Make sure MariaDB, Redis and RabbitMQ answer on their standard local ports. Only what
# does not answer is installed (Debian packages) and started. Idempotent; also fine on a
# CI runner whose service containers already listen.
set -euo pipefail

listening() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }
rm -f .ci/backends.env

missing=()
need() { command -v "$1" >/dev/null 2>&1 || [ -x "/usr/sbin/$1" ] || missing+=("$2"); }
listening 3306 || need mariadbd mariadb-server
listening 6379 || need redis-server redis-server
listening 5672 || need rabbitmq-server rabbitmq-server
need python3.11 python3.11-venv
need make make
need node nodejs
need npm npm
need chromium chromium  # the web app's end-to-end tests drive Debian's Chromium
need curl curl
if [ ${#missing[@]} -gt 0 ]; then
  as_root apt-get update -qq
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq "${missing[@]}"
fi

if ! listening 3306; then
  as_root mkdir -p /run/mysqld && as_root chown mysql:mysql /run/mysqld 2>/dev/null || true
  as_root start-stop-daemon --start --oknodo --background --exec /usr/sbin/mariadbd
fi
if ! listening 6379; then
  redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no
fi
if ! listening 5672; then
  as_root rabbitmq-server -detached
  as_root rabbitmqctl await_startup
fi

for port in 3306 6379 5672; do
  for _ in $(seq 1 60); do listening "$port" && break; sleep 1; done
  listening "$port" || { echo "nothing listens on 127.0.0.1:$port" >&2; exit 1; }
done

# Root must work over TCP with an empty password (the development default); where it only
# works over the unix socket, create a dedicated account the tests can use instead.
if ! mysql -uroot -h127.0.0.1 -e 'SELECT 1' >/dev/null 2>&1; then
  as_root mysql -e "CREATE USER IF NOT EXISTS 'bookbrew'@'127.0.0.1' IDENTIFIED BY 'bookbrew';
                    GRANT ALL PRIVILEGES ON *.* TO 'bookbrew'@'127.0.0.1'; FLUSH PRIVILEGES;"
  url=mysql+asyncmy://bookbrew:bookbrew@127.0.0.1:3306
  printf "export BOOKBREW_TEST_MYSQL_URL=%s\nexport BOOKBREW_MYSQL_URL=%s\n" "$url" "$url" > .ci/backends.env
fi
echo "backends ready: MariaDB :3306, Redis :6379, RabbitMQ :5672"
