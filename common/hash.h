/*
 * common/hash.h - a string hash for the small in-memory tables (login
 * limits, connection counts). Not for anything an attacker may steer into
 * one bucket to some gain: those tables are bounded by other means.
 */
#ifndef PMO_COMMON_HASH_H
#define PMO_COMMON_HASH_H

/* FNV-1a of the bytes of key up to its terminator. */
static inline unsigned hash_str(const char *key)
{
    unsigned h = 2166136261u;
    for (; *key; key++)
        h = (h ^ (unsigned char)*key) * 16777619u;
    return h;
}

#endif
