/*
 * cmd.h - the subcommands of `hocba`, one per file (cmd_<name>.c).
 * Each takes its own argv (argv[0] is the command name) and returns the exit
 * status: 0 success, 1 the work failed, 2 bad usage.
 */
#ifndef HB_CMD_H
#define HB_CMD_H

int cmd_init(int argc, char **argv);
int cmd_scan(int argc, char **argv);
int cmd_process(int argc, char **argv);
int cmd_extract(int argc, char **argv);
int cmd_queue(int argc, char **argv);
int cmd_sign(int argc, char **argv);
int cmd_verify(int argc, char **argv);
int cmd_revoke(int argc, char **argv);
int cmd_export(int argc, char **argv);
int cmd_print(int argc, char **argv);
int cmd_backup(int argc, char **argv);
int cmd_restore(int argc, char **argv);
int cmd_handover(int argc, char **argv);
int cmd_review(int argc, char **argv);
int cmd_approve(int argc, char **argv);
int cmd_user(int argc, char **argv);

#endif
