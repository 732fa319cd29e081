-- reg
BEGIN;

-- reg args: "REG_LOG"
SELECT UPPER(COLUMN_NAME) FROM INFORMATION_SCHEMA.COLUMNS
WHERE TABLE_SCHEMA = SCHEMA_NAME() AND UPPER(TABLE_NAME) = UPPER(@p1) ORDER BY ORDINAL_POSITION;

-- reg args: "REG_LOG"
SELECT CAST(SUM(p.rows) AS BIGINT) FROM sys.tables t
JOIN sys.partitions p ON p.object_id = t.object_id AND p.index_id IN (0, 1)
WHERE t.schema_id = SCHEMA_ID() AND UPPER(t.name) = UPPER(@p1) GROUP BY t.object_id;

-- reg
ROLLBACK;
