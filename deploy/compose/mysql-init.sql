-- Runs once, when the MySQL data volume is first initialised
-- (docker-entrypoint-initdb.d). One database per service that owns relational state;
-- a service never reads another service's database.
--
-- The `bookbrew` user itself is created by the image from MYSQL_USER/MYSQL_PASSWORD,
-- so no password appears here. On Kubernetes, give each service its own user instead.

CREATE DATABASE IF NOT EXISTS catalog       CHARACTER SET utf8mb4 COLLATE utf8mb4_0900_ai_ci;
CREATE DATABASE IF NOT EXISTS customers     CHARACTER SET utf8mb4 COLLATE utf8mb4_0900_ai_ci;
CREATE DATABASE IF NOT EXISTS orders        CHARACTER SET utf8mb4 COLLATE utf8mb4_0900_ai_ci;
CREATE DATABASE IF NOT EXISTS payments      CHARACTER SET utf8mb4 COLLATE utf8mb4_0900_ai_ci;
CREATE DATABASE IF NOT EXISTS notifications CHARACTER SET utf8mb4 COLLATE utf8mb4_0900_ai_ci;
CREATE DATABASE IF NOT EXISTS reporting     CHARACTER SET utf8mb4 COLLATE utf8mb4_0900_ai_ci;

GRANT ALL PRIVILEGES ON catalog.*       TO 'bookbrew'@'%';
GRANT ALL PRIVILEGES ON customers.*     TO 'bookbrew'@'%';
GRANT ALL PRIVILEGES ON orders.*        TO 'bookbrew'@'%';
GRANT ALL PRIVILEGES ON payments.*      TO 'bookbrew'@'%';
GRANT ALL PRIVILEGES ON notifications.* TO 'bookbrew'@'%';
GRANT ALL PRIVILEGES ON reporting.*     TO 'bookbrew'@'%';

FLUSH PRIVILEGES;
