/* `ccs`: the conformance suite, reference server and tools in one command. */
#include <stdio.h>
#include <string.h>

#include "ccs/paths.h"
#include "commands.h"

struct command {
    const char *name;
    int (*fn)(int argc, char **argv);
    const char *summary;
};

static const struct command commands[] = {
    {"run", ccs_cmd_run, "run the conformance suite against a target"},
    {"serve", ccs_cmd_serve, "start the reference Checkout Sessions server"},
    {"diff", ccs_cmd_diff, "compare two results.json files (regression gate)"},
    {"form", ccs_cmd_form, "decode|encode Stripe form bodies (stdin -> stdout)"},
    {"check", ccs_cmd_check, "check recorded JSON responses against the contract"},
    {"contract", ccs_cmd_contract, "list known API versions | diff two of them"},
    {"fuzz-remote", ccs_cmd_fuzz_remote, "fuzz a live implementation over HTTP"},
};

static void usage(FILE *out)
{
    size_t i;

    fprintf(out, "usage: ccs <command> [options]\n       ccs --version\n\ncommands:\n");
    for (i = 0; i < sizeof commands / sizeof commands[0]; i++)
        fprintf(out, "  %-12s %s\n", commands[i].name, commands[i].summary);
    fprintf(out, "\n`ccs <command> --help` or `ccs help <command>` for a command's options;\n"
                 "`ccs --version` for the versions of the tool, its API data and libraries;\n"
                 "`man ccs` for the manual.\n");
}

int main(int argc, char **argv)
{
    size_t i;

    ccs_paths_set_argv0(argv[0]);
    if (argc < 2) {
        usage(stderr);
        return 2;
    }
    if (!strcmp(argv[1], "help") && argc > 2) {
        /* `ccs help CMD` is `ccs CMD --help`, as git and friends have it */
        char *args[] = {argv[2], "--help", NULL};

        for (i = 0; i < sizeof commands / sizeof commands[0]; i++)
            if (!strcmp(argv[2], commands[i].name))
                return commands[i].fn(2, args);
        fprintf(stderr, "ccs: unknown command '%s'\n", argv[2]);
        usage(stderr);
        return 2;
    }
    if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h") || !strcmp(argv[1], "help")) {
        usage(stdout);
        return 0;
    }
    if (!strcmp(argv[1], "--version"))
        return ccs_cmd_version(argc - 1, argv + 1);
    for (i = 0; i < sizeof commands / sizeof commands[0]; i++)
        if (!strcmp(argv[1], commands[i].name))
            return commands[i].fn(argc - 1, argv + 1);
    fprintf(stderr, "ccs: unknown command '%s'\n", argv[1]);
    usage(stderr);
    return 2;
}
