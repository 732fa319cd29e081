-- scripts/genwso2db/shared.sql: fills WSO2_SHARED_DB (UM + REG, the shared layout) for
-- scripts/bench-verify.sh, server-side (INSERT ... SELECT FROM generate_series), on the tables
-- of verify/testdb/schema/postgres/{um,reg}.sql. psql variables (-v): apis, resources, users,
-- reglog. Everything is derived arithmetically from row numbers, with the same formulas as
-- am.sql, so that the two databases agree without talking to each other:
--   API i (1..apis): tenant k = 1 + (i/10) % 4 when i % 10 = 0, else 0 (carbon.super, -1234);
--   provider prov<i%1000> (prov<p>@t<k>.com in a tenant), name api<i>, version 1.0.<i%5>,
--   UUID md5('api'||i)::uuid; even APIs have revision 1, UUID md5('rev'||i)::uuid.
--   User j (1..users): tenant k as for APIs (j), name user<j>.
-- Tenants t1.com..t4.com have ids 1..4. Planted faults are at the end, each with the check
-- that must find it.
\set ON_ERROR_STOP on
SET synchronous_commit = off;
SET client_min_messages = warning;

-- ---------------------------------------------------------------- user management
INSERT INTO UM_TENANT (UM_ID, UM_TENANT_UUID, UM_DOMAIN_NAME, UM_EMAIL, UM_ACTIVE)
SELECT k, md5('tenant' || k)::uuid::text, 't' || k || '.com', 'admin@t' || k || '.com', true
FROM generate_series(1, 4) k;

CREATE TEMP TABLE tenants AS
SELECT k, CASE WHEN k = 0 THEN -1234 ELSE k END AS tid FROM generate_series(0, 4) k;

INSERT INTO UM_DOMAIN (UM_DOMAIN_ID, UM_DOMAIN_NAME, UM_TENANT_ID)
SELECT d.id, d.name, t.tid FROM tenants t,
  (VALUES (1, 'PRIMARY'), (2, 'SYSTEM'), (3, 'INTERNAL'), (4, 'APPLICATION'), (5, 'WORKFLOW')) d(id, name);

INSERT INTO UM_USER (UM_ID, UM_USER_ID, UM_USER_NAME, UM_USER_PASSWORD, UM_SALT_VALUE, UM_TENANT_ID)
SELECT j, md5('user' || j)::uuid::text, 'user' || j, md5('pw' || j), substr(md5('salt' || j), 1, 16),
       CASE WHEN j % 10 = 0 THEN 1 + (j / 10) % 4 ELSE -1234 END
FROM generate_series(1, :users) j;

INSERT INTO UM_ROLE (UM_ID, UM_ROLE_NAME, UM_TENANT_ID)
SELECT r, CASE WHEN r = 1 THEN 'admin' ELSE 'role' || r END, t.tid FROM tenants t, generate_series(1, 21) r;

INSERT INTO UM_USER_ROLE (UM_ID, UM_ROLE_ID, UM_USER_ID, UM_TENANT_ID)
SELECT j, 2 + j % 20, j, CASE WHEN j % 10 = 0 THEN 1 + (j / 10) % 4 ELSE -1234 END
FROM generate_series(1, :users) j;

INSERT INTO UM_HYBRID_ROLE (UM_ID, UM_ROLE_NAME, UM_TENANT_ID)
SELECT h.id, h.name, t.tid FROM tenants t,
  (VALUES (1, 'everyone'), (2, 'subscriber'), (3, 'creator'), (4, 'publisher')) h(id, name);

-- Every self-signed-up user is Internal/subscriber: one hybrid role row per user.
INSERT INTO UM_HYBRID_USER_ROLE (UM_ID, UM_USER_NAME, UM_ROLE_ID, UM_TENANT_ID, UM_DOMAIN_ID)
SELECT j, 'user' || j, 2, CASE WHEN j % 10 = 0 THEN 1 + (j / 10) % 4 ELSE -1234 END, 1
FROM generate_series(1, :users) j;

INSERT INTO UM_PERMISSION (UM_ID, UM_RESOURCE_ID, UM_ACTION, UM_TENANT_ID)
SELECT p, '/permission/admin/manage/api/p' || p, 'ui.execute', t.tid FROM tenants t, generate_series(1, 200) p;

-- PRIMARY roles, and Internal/* roles written with their prefix (as 4.x writes them).
INSERT INTO UM_ROLE_PERMISSION (UM_ID, UM_PERMISSION_ID, UM_ROLE_NAME, UM_IS_ALLOWED, UM_TENANT_ID, UM_DOMAIN_ID)
SELECT row_number() OVER (), p, CASE WHEN r = 1 THEN 'admin' ELSE 'role' || r END, 1, t.tid, 1
FROM tenants t, generate_series(1, 21) r, generate_series(1, 50) p;
INSERT INTO UM_ROLE_PERMISSION (UM_ID, UM_PERMISSION_ID, UM_ROLE_NAME, UM_IS_ALLOWED, UM_TENANT_ID, UM_DOMAIN_ID)
SELECT 100000 + row_number() OVER (), p, 'Internal/' || h, 1, t.tid, 3
FROM tenants t, unnest(ARRAY['subscriber', 'creator', 'publisher']) h, generate_series(1, 20) p;

-- ---------------------------------------------------------------- registry
-- Paths: per tenant k the 7 fixed collections (ids 10k+1..10k+7), the provider collections
-- (100 + 1000k + p), per API its name and version collections (10000 + i, 10000 + apis + i),
-- per revision /apis/<api uuid> and /apis/<api uuid>/1 (10000 + 2 apis + i, 10000 + 3 apis + i).
INSERT INTO REG_PATH (REG_PATH_ID, REG_PATH_VALUE, REG_PATH_PARENT_ID, REG_TENANT_ID)
SELECT 10 * t.k + b.j, b.v, CASE WHEN b.j = 1 THEN -1 ELSE 10 * t.k + b.parent END, t.tid
FROM tenants t, (VALUES
  (1, '/', 0),
  (2, '/_system', 1),
  (3, '/_system/governance', 2),
  (4, '/_system/governance/apimgt', 3),
  (5, '/_system/governance/apimgt/applicationdata', 4),
  (6, '/_system/governance/apimgt/applicationdata/provider', 5),
  (7, '/_system/governance/apimgt/applicationdata/apis', 5)) b(j, v, parent);

INSERT INTO REG_PATH (REG_PATH_ID, REG_PATH_VALUE, REG_PATH_PARENT_ID, REG_TENANT_ID)
SELECT 100 + 1000 * t.k + p,
       '/_system/governance/apimgt/applicationdata/provider/prov' || p || CASE WHEN t.k = 0 THEN '' ELSE '-AT-t' || t.k || '.com' END,
       10 * t.k + 6, t.tid
FROM tenants t, generate_series(0, 999) p;

CREATE TEMP TABLE api AS
SELECT i, k, CASE WHEN k = 0 THEN -1234 ELSE k END AS tid,
       'prov' || (i % 1000) || CASE WHEN k = 0 THEN '' ELSE '-AT-t' || k || '.com' END AS provpath,
       100 + 1000 * k + i % 1000 AS provid,
       'api' || i AS name, '1.0.' || (i % 5) AS version,
       md5('api' || i)::uuid::text AS uuid, md5('rev' || i)::uuid::text AS revuuid, i % 2 = 0 AS hasrev
FROM (SELECT i, CASE WHEN i % 10 = 0 THEN 1 + (i / 10) % 4 ELSE 0 END AS k FROM generate_series(1, :apis) i) s;

INSERT INTO REG_PATH (REG_PATH_ID, REG_PATH_VALUE, REG_PATH_PARENT_ID, REG_TENANT_ID)
SELECT 10000 + i, '/_system/governance/apimgt/applicationdata/provider/' || provpath || '/' || name, provid, tid FROM api;
INSERT INTO REG_PATH (REG_PATH_ID, REG_PATH_VALUE, REG_PATH_PARENT_ID, REG_TENANT_ID)
SELECT 10000 + :apis + i, '/_system/governance/apimgt/applicationdata/provider/' || provpath || '/' || name || '/' || version, 10000 + i, tid FROM api;
INSERT INTO REG_PATH (REG_PATH_ID, REG_PATH_VALUE, REG_PATH_PARENT_ID, REG_TENANT_ID)
SELECT 10000 + 2 * :apis + i, '/_system/governance/apimgt/applicationdata/apis/' || uuid, 10 * k + 7, tid FROM api WHERE hasrev;
INSERT INTO REG_PATH (REG_PATH_ID, REG_PATH_VALUE, REG_PATH_PARENT_ID, REG_TENANT_ID)
SELECT 10000 + 3 * :apis + i, '/_system/governance/apimgt/applicationdata/apis/' || uuid || '/1', 10000 + 2 * :apis + i, tid FROM api WHERE hasrev;

-- Resources: every collection (REG_NAME NULL, no content), every API artifact ("api" in the
-- version collection, REG_UUID = API_UUID), every revision artifact (REG_UUID = REVISION_UUID),
-- then other files of the API collections (documents, definitions) up to :resources in all.
INSERT INTO REG_RESOURCE (REG_PATH_ID, REG_NAME, REG_MEDIA_TYPE, REG_CREATOR, REG_LAST_UPDATOR, REG_CONTENT_ID, REG_TENANT_ID, REG_UUID)
SELECT REG_PATH_ID, NULL, NULL, 'admin', 'admin', NULL, REG_TENANT_ID, md5('col' || REG_PATH_ID || '/' || REG_TENANT_ID)::uuid::text
FROM REG_PATH;
INSERT INTO REG_RESOURCE (REG_PATH_ID, REG_NAME, REG_MEDIA_TYPE, REG_CREATOR, REG_LAST_UPDATOR, REG_CONTENT_ID, REG_TENANT_ID, REG_UUID)
SELECT 10000 + :apis + i, 'api', 'application/vnd.wso2-api+xml', 'admin', 'admin', i, tid, uuid FROM api;
INSERT INTO REG_RESOURCE (REG_PATH_ID, REG_NAME, REG_MEDIA_TYPE, REG_CREATOR, REG_LAST_UPDATOR, REG_CONTENT_ID, REG_TENANT_ID, REG_UUID)
SELECT 10000 + 3 * :apis + i, 'api', 'application/vnd.wso2-api+xml', 'admin', 'admin', :apis + i, tid, revuuid FROM api WHERE hasrev;
SELECT GREATEST(0, :resources - (SELECT COUNT(*) FROM REG_RESOURCE)) AS filler \gset
INSERT INTO REG_RESOURCE (REG_PATH_ID, REG_NAME, REG_MEDIA_TYPE, REG_CREATOR, REG_LAST_UPDATOR, REG_CONTENT_ID, REG_TENANT_ID, REG_UUID)
SELECT 10000 + :apis + a.i, 'doc' || f, CASE WHEN f % 3 = 0 THEN 'application/json' ELSE 'text/plain' END, 'admin', 'admin',
       2 * :apis + f, a.tid, md5('doc' || f)::uuid::text
FROM generate_series(1, :filler) f JOIN api a ON a.i = 1 + f % :apis;

INSERT INTO REG_CONTENT (REG_CONTENT_ID, REG_CONTENT_DATA, REG_TENANT_ID)
SELECT REG_CONTENT_ID, convert_to('<content id="' || REG_CONTENT_ID || '">' || repeat('x', 64) || '</content>', 'UTF8'), REG_TENANT_ID
FROM REG_RESOURCE WHERE REG_CONTENT_ID IS NOT NULL;

-- The indexer's log: :reglog rows over the API artifacts.
INSERT INTO REG_LOG (REG_LOG_ID, REG_PATH, REG_USER_ID, REG_LOGGED_TIME, REG_ACTION, REG_ACTION_DATA, REG_TENANT_ID)
SELECT g, '/_system/governance/apimgt/applicationdata/provider/prov' || (g % 1000) || '/api' || (1 + g % :apis) || '/api',
       'admin', TIMESTAMP '2026-01-01' + g * INTERVAL '1 second', g % 18, NULL, -1234
FROM generate_series(1, :reglog) g;

-- ---------------------------------------------------------------- planted faults
-- registry.orphan-resources: 3 resources in a path that does not exist.
INSERT INTO REG_RESOURCE (REG_PATH_ID, REG_NAME, REG_MEDIA_TYPE, REG_CONTENT_ID, REG_TENANT_ID, REG_UUID)
SELECT 900000000 + n, 'orphan' || n, 'text/plain', NULL, -1234, md5('orphan' || n)::uuid::text FROM generate_series(1, 3) n;
-- registry.missing-content: 5 files whose REG_CONTENT row is gone.
DELETE FROM REG_CONTENT WHERE REG_CONTENT_ID IN (SELECT 2 * :apis + f FROM generate_series(10, 50, 10) f);
-- registry.duplicate-uuids: 2 UUIDs shared by two files each.
UPDATE REG_RESOURCE SET REG_UUID = md5('doc1')::uuid::text WHERE REG_UUID = md5('doc2')::uuid::text;
UPDATE REG_RESOURCE SET REG_UUID = md5('doc3')::uuid::text WHERE REG_UUID = md5('doc4')::uuid::text;
-- registry.missing-parent-paths: 2 paths whose parent does not exist.
INSERT INTO REG_PATH (REG_PATH_ID, REG_PATH_VALUE, REG_PATH_PARENT_ID, REG_TENANT_ID)
SELECT 800000000 + n, '/_system/governance/lost/c' || n, 700000000 + n, -1234 FROM generate_series(1, 2) n;
-- cross-database.api-artifacts: APIs 3, 7, 11 have no artifact; API 13's is at another path.
DELETE FROM REG_RESOURCE WHERE REG_NAME = 'api' AND REG_UUID IN (md5('api3')::uuid::text, md5('api7')::uuid::text, md5('api11')::uuid::text);
UPDATE REG_RESOURCE SET REG_PATH_ID = 10000 + :apis + 15 WHERE REG_NAME = 'api' AND REG_UUID = md5('api13')::uuid::text;
-- cross-database.artifact-apis: 2 API artifacts no AM_API row claims.
INSERT INTO REG_RESOURCE (REG_PATH_ID, REG_NAME, REG_MEDIA_TYPE, REG_CONTENT_ID, REG_TENANT_ID, REG_UUID)
SELECT 10000 + :apis + 20 + n, 'api', 'application/vnd.wso2-api+xml', NULL, -1234, md5('ghost' || n)::uuid::text FROM generate_series(1, 2) n;
-- cross-database.revision-artifacts: the revisions of APIs 22 and 24 have no artifact.
DELETE FROM REG_RESOURCE WHERE REG_NAME = 'api' AND REG_UUID IN (md5('rev22')::uuid::text, md5('rev24')::uuid::text);
-- um.users-of-missing-tenants: 3 users of tenant 99.
INSERT INTO UM_USER (UM_ID, UM_USER_ID, UM_USER_NAME, UM_TENANT_ID)
SELECT :users + n, md5('stray' || n)::uuid::text, 'stray' || n, 99 FROM generate_series(1, 3) n;
-- user-management.hybrid-roles-of-missing-users: 4 Internal/subscriber rows of deleted users.
INSERT INTO UM_HYBRID_USER_ROLE (UM_ID, UM_USER_NAME, UM_ROLE_ID, UM_TENANT_ID, UM_DOMAIN_ID)
SELECT :users + n, 'deleted' || n, 2, -1234, 1 FROM generate_series(1, 4) n;
-- user-management.permissions-of-missing-roles: 2 permissions of a role that is gone.
INSERT INTO UM_ROLE_PERMISSION (UM_ID, UM_PERMISSION_ID, UM_ROLE_NAME, UM_IS_ALLOWED, UM_TENANT_ID, UM_DOMAIN_ID)
SELECT 200000 + p, p, 'gone-role', 1, -1234, 1 FROM generate_series(1, 2) p;

DROP TABLE api;
DROP TABLE tenants;
