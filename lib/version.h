/* version — the release this program belongs to ("1.1.0"), stamped by the
 * Makefile's VERSION into build/version.c (the only object that changes
 * when it does).  Health reports it; skyfoxctl prints it. */
#ifndef SKYFOX_VERSION_H
#define SKYFOX_VERSION_H

extern const char skyfox_version[];

#endif
