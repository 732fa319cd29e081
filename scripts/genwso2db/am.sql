-- scripts/genwso2db/am.sql: fills WSO2AM_DB for scripts/bench-verify.sh, server-side, on the
-- tables of verify/testdb/schema/postgres/{am,idn}.sql, with the formulas of shared.sql (see
-- there). psql variables (-v): apis, users. Subscribers are users/10 (user 3s for subscriber s),
-- each with one application and its PRODUCTION and SANDBOX keys of the resident key manager.
\set ON_ERROR_STOP on
SET synchronous_commit = off;
SET client_min_messages = warning;

CREATE TEMP TABLE api AS
SELECT i, k, CASE WHEN k = 0 THEN 'carbon.super' ELSE 't' || k || '.com' END AS org,
       'prov' || (i % 1000) || CASE WHEN k = 0 THEN '' ELSE '@t' || k || '.com' END AS provider,
       'api' || i AS name, '1.0.' || (i % 5) AS version,
       md5('api' || i)::uuid::text AS uuid, md5('rev' || i)::uuid::text AS revuuid, i % 2 = 0 AS hasrev
FROM (SELECT i, CASE WHEN i % 10 = 0 THEN 1 + (i / 10) % 4 ELSE 0 END AS k FROM generate_series(1, :apis) i) s;

INSERT INTO AM_API (API_ID, API_UUID, API_PROVIDER, API_NAME, API_VERSION, CONTEXT, CONTEXT_TEMPLATE, API_TIER, API_TYPE,
                    ORGANIZATION, CREATED_BY, STATUS, REVISIONS_CREATED, VERSION_COMPARABLE)
SELECT i, uuid, provider, name, version, '/' || name || '/' || version, '/' || name || '/{version}', 'Unlimited', 'HTTP',
       org, provider, CASE WHEN hasrev THEN 'PUBLISHED' ELSE 'CREATED' END, CASE WHEN hasrev THEN 1 ELSE 0 END, version
FROM api;

INSERT INTO AM_API_URL_MAPPING (API_ID, HTTP_METHOD, AUTH_SCHEME, URL_PATTERN, THROTTLING_TIER)
SELECT i, m, 'Any', '/resource' || (i % 7), 'Unlimited' FROM api, unnest(ARRAY['GET', 'POST', 'DELETE']) m;

INSERT INTO AM_REVISION (ID, API_UUID, REVISION_UUID, DESCRIPTION, CREATED_BY)
SELECT 1, uuid, revuuid, 'first revision', provider FROM api WHERE hasrev;
INSERT INTO AM_DEPLOYMENT_REVISION_MAPPING (NAME, VHOST, REVISION_UUID, DISPLAY_ON_DEVPORTAL)
SELECT 'Default', 'localhost', revuuid, true FROM api WHERE hasrev;
INSERT INTO AM_GW_API_ARTIFACTS (API_ID, REVISION_ID, ARTIFACT)
SELECT uuid, revuuid, convert_to('<api name="' || name || '">' || repeat('y', 128) || '</api>', 'UTF8') FROM api WHERE hasrev;
INSERT INTO AM_GW_API_DEPLOYMENTS (API_ID, REVISION_ID, LABEL, VHOST)
SELECT uuid, revuuid, 'Default', 'localhost' FROM api WHERE hasrev;
INSERT INTO AM_GW_PUBLISHED_API_DETAILS (API_ID, TENANT_DOMAIN, API_PROVIDER, API_NAME, API_VERSION, API_TYPE)
SELECT uuid, org, provider, name, version, 'HTTP' FROM api WHERE hasrev;

INSERT INTO AM_KEY_MANAGER (UUID, NAME, DISPLAY_NAME, TYPE, ENABLED, ORGANIZATION, TOKEN_TYPE)
VALUES ('km-resident', 'Resident Key Manager', 'Resident Key Manager', 'default', true, 'carbon.super', 'DIRECT');

INSERT INTO AM_SYSTEM_CONFIGS (ORGANIZATION, CONFIG_TYPE, CONFIGURATION)
SELECT d, 'tenant', convert_to('{}', 'UTF8') FROM unnest(ARRAY['carbon.super', 't1.com', 't2.com', 't3.com', 't4.com']) d;

CREATE TEMP TABLE sub AS
SELECT s, j, CASE WHEN j % 10 = 0 THEN 1 + (j / 10) % 4 ELSE -1234 END AS tid,
       CASE WHEN j % 10 = 0 THEN 't' || (1 + (j / 10) % 4) || '.com' ELSE 'carbon.super' END AS org
FROM (SELECT s, 3 * s AS j FROM generate_series(1, GREATEST(1, :users / 10)) s) x;

INSERT INTO AM_SUBSCRIBER (SUBSCRIBER_ID, USER_ID, TENANT_ID, EMAIL_ADDRESS, CREATED_BY)
SELECT s, 'user' || j || CASE WHEN tid = -1234 THEN '' ELSE '@' || org END, tid, 'user' || j || '@example.com', 'admin' FROM sub;
INSERT INTO AM_APPLICATION (APPLICATION_ID, NAME, SUBSCRIBER_ID, UUID, TOKEN_TYPE, ORGANIZATION)
SELECT s, 'DefaultApplication', s, md5('app' || s)::uuid::text, 'JWT', org FROM sub;
INSERT INTO IDN_OAUTH_CONSUMER_APPS (ID, CONSUMER_KEY, CONSUMER_SECRET, USERNAME, TENANT_ID, USER_DOMAIN, APP_NAME, OAUTH_VERSION, GRANT_TYPES)
SELECT 2 * s + t, md5('ck' || s || '/' || t), md5('cs' || s || '/' || t), 'user' || j, tid, 'PRIMARY', 'app' || s || '_' || t, 'OAuth-2.0', 'client_credentials'
FROM sub, generate_series(0, 1) t;
INSERT INTO AM_APPLICATION_KEY_MAPPING (UUID, APPLICATION_ID, CONSUMER_KEY, KEY_TYPE, KEY_MANAGER)
SELECT md5('km' || s || '/' || t)::uuid::text, s, md5('ck' || s || '/' || t), CASE WHEN t = 0 THEN 'PRODUCTION' ELSE 'SANDBOX' END, 'km-resident'
FROM sub, generate_series(0, 1) t;
INSERT INTO AM_SUBSCRIPTION (TIER_ID, API_ID, APPLICATION_ID, SUB_STATUS, UUID)
SELECT 'Unlimited', 1 + (2 * s + t) % :apis, s, 'UNBLOCKED', md5('sub' || s || '/' || t)::uuid::text FROM sub, generate_series(0, 1) t;

-- ---------------------------------------------------------------- planted faults
-- apim.url-mappings-of-deleted-apis: 2 deleted APIs left 3 mappings each.
INSERT INTO AM_API_URL_MAPPING (API_ID, HTTP_METHOD, AUTH_SCHEME, URL_PATTERN)
SELECT 900000000 + a, m, 'Any', '/*' FROM generate_series(1, 2) a, unnest(ARRAY['GET', 'POST', 'PUT']) m;
-- apim.published-apis-without-deployment: 5 PUBLISHED APIs (odd: no revision).
UPDATE AM_API SET STATUS = 'PUBLISHED' WHERE API_ID IN (31, 33, 35, 37, 39);
-- apim.deployed-revisions-without-artifacts: 3 deployments whose gateway artifact is gone.
DELETE FROM AM_GW_API_ARTIFACTS WHERE REVISION_ID IN (md5('rev42')::uuid::text, md5('rev44')::uuid::text, md5('rev46')::uuid::text);
-- apim.key-mappings-without-oauth-apps: 3 OAuth apps gone.
DELETE FROM IDN_OAUTH_CONSUMER_APPS WHERE CONSUMER_KEY IN (md5('ck5/0'), md5('ck6/1'), md5('ck7/0'));
-- configuration.gateway-environments: 5 deployments to 3.2's environment name.
UPDATE AM_DEPLOYMENT_REVISION_MAPPING SET NAME = 'Production and Sandbox'
WHERE REVISION_UUID IN (md5('rev52')::uuid::text, md5('rev54')::uuid::text, md5('rev56')::uuid::text, md5('rev58')::uuid::text, md5('rev60')::uuid::text);
-- cross-database.subscribers-in-user-store: 3 subscribers with no UM_USER row.
INSERT INTO AM_SUBSCRIBER (SUBSCRIBER_ID, USER_ID, TENANT_ID, CREATED_BY)
SELECT 900000000 + n, 'vanished' || n, -1234, 'admin' FROM generate_series(1, 3) n;
-- cross-database.tenants-known: 2 APIs of a tenant UM does not have.
UPDATE AM_API SET ORGANIZATION = 'gone.com' WHERE API_ID IN (61, 63);

DROP TABLE sub;
DROP TABLE api;
