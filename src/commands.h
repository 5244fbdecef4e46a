/* Subcommands of `ccs`; each lives in src/cmd_<name>.c. argv[0] is the
 * subcommand name. Return the process exit code (0 ok, 1 failed, 2 usage or
 * set-up error). */
#ifndef CCS_COMMANDS_H
#define CCS_COMMANDS_H

int ccs_cmd_run(int argc, char **argv);
int ccs_cmd_serve(int argc, char **argv);
int ccs_cmd_diff(int argc, char **argv);
int ccs_cmd_form(int argc, char **argv);
int ccs_cmd_check(int argc, char **argv);
int ccs_cmd_contract(int argc, char **argv);
int ccs_cmd_fuzz_remote(int argc, char **argv);
int ccs_cmd_version(int argc, char **argv);

#endif
