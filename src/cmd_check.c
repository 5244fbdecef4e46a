/* Placeholder until this subcommand lands: says so and exits 2. */
#include <stdio.h>

#include "commands.h"

int ccs_cmd_check(int argc, char **argv)
{
    (void)argc;
    fprintf(stderr, "ccs %s: not available in this build yet\n", argv[0]);
    return 2;
}
