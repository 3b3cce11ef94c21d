-- eventlog_drop_proto_field(msg, field): the protobuf wire bytes `msg`
-- without any top-level occurrence of field number `field`, every other
-- byte as it was. For a service's migration that takes a field out of the
-- events (and copies of them) it has stored, when the field must no longer
-- be kept (issue 10: AppealRegistered.masked_essence). Bytes that are not a
-- protobuf message raise an error, so such a migration fails rather than
-- keep a half-rewritten row. Groups (wire types 3 and 4) are not used.
CREATE FUNCTION eventlog_drop_proto_field(msg bytea, field integer) RETURNS bytea
LANGUAGE plpgsql IMMUTABLE STRICT AS $$
DECLARE
  len   integer := length(msg);
  pos   integer := 0;  -- 0-based, as get_byte counts
  start integer;
  key   bigint;
  n     bigint;
  shift integer;
  b     integer;
  wire  integer;
  kept  bytea := ''::bytea;
BEGIN
  WHILE pos < len LOOP
    start := pos;
    key := 0;
    shift := 0;
    LOOP
      IF pos >= len OR shift > 56 THEN
        RAISE EXCEPTION 'not a protobuf message: bad key at byte %', start;
      END IF;
      b := get_byte(msg, pos);
      pos := pos + 1;
      key := key | ((b & 127)::bigint << shift);
      shift := shift + 7;
      EXIT WHEN b < 128;
    END LOOP;
    wire := (key & 7)::integer;
    IF wire = 0 THEN
      LOOP
        IF pos >= len THEN
          RAISE EXCEPTION 'not a protobuf message: truncated varint at byte %', start;
        END IF;
        b := get_byte(msg, pos);
        pos := pos + 1;
        EXIT WHEN b < 128;
      END LOOP;
    ELSIF wire = 1 THEN
      pos := pos + 8;
    ELSIF wire = 5 THEN
      pos := pos + 4;
    ELSIF wire = 2 THEN
      n := 0;
      shift := 0;
      LOOP
        IF pos >= len OR shift > 56 THEN
          RAISE EXCEPTION 'not a protobuf message: bad length at byte %', start;
        END IF;
        b := get_byte(msg, pos);
        pos := pos + 1;
        n := n | ((b & 127)::bigint << shift);
        shift := shift + 7;
        EXIT WHEN b < 128;
      END LOOP;
      IF n > len - pos THEN
        RAISE EXCEPTION 'not a protobuf message: field at byte % runs past the end', start;
      END IF;
      pos := pos + n::integer;
    ELSE
      RAISE EXCEPTION 'not a protobuf message: wire type % at byte %', wire, start;
    END IF;
    IF pos > len THEN
      RAISE EXCEPTION 'not a protobuf message: field at byte % runs past the end', start;
    END IF;
    IF (key >> 3) <> field THEN
      kept := kept || substring(msg FROM start + 1 FOR pos - start);
    END IF;
  END LOOP;
  RETURN kept;
END
$$;
