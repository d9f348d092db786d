/**
 * Files for secrets: folders made 0700 and files 0600 when they are created
 * ({@link dev.moat.files.OwnerOnly}), and the check, at a node's start, that the data directory,
 * the durable copies of the cluster-wide documents (which hold password hashes) and the admin
 * token file grant nothing to group or others ({@link dev.moat.files.SecretFiles}, a WARN log
 * line naming each file that does). The bottom of the package order: imports no other Moat
 * package. Reads no settings of its own (its callers pass the paths); registers no meters.
 */
package dev.moat.files;
