-- A title in a template document that is only spaces shows as nothing in
-- every plan made from it, so it is refused like an empty one, with the
-- same spaces validate.c counts as blank: ASCII blanks and the Unicode
-- space separators pasted text brings (U+00A0, U+2000 to U+200A, U+202F,
-- U+205F, U+3000). Templates already stored are not re-checked; their
-- next change is.
CREATE OR REPLACE FUNCTION template_text_problem(v jsonb, min_len int,
                                                 max_len int)
    RETURNS text LANGUAGE sql IMMUTABLE AS $$
    SELECT CASE
        WHEN v IS NULL AND min_len = 0 THEN NULL
        WHEN v IS NULL THEN 'is required'
        WHEN jsonb_typeof(v) <> 'string' THEN 'must be a string'
        WHEN length(v #>> '{}') = 0 AND min_len > 0 THEN 'must not be empty'
        WHEN min_len > 0 AND (v #>> '{}')
                ~ E'^[ \\t\\r\\n\\u00a0\\u2000-\\u200a\\u202f\\u205f\\u3000]*$'
            THEN 'must not be blank (only spaces)'
        WHEN length(v #>> '{}') < min_len
            THEN 'must be at least ' || min_len || ' characters'
        WHEN length(v #>> '{}') > max_len
            THEN 'must be at most ' || max_len || ' characters'
        WHEN (v #>> '{}') ~ '[[:cntrl:]]'
            THEN 'must not hold control characters'
    END
$$;
