/*
 * embed_main.c - the build tool that turns review/static/ into C
 * (static.h): `embed OUT.c FILE…` writes one byte array per file and the
 * table review_static_files.  A build tool rather than xxd, which Debian
 * does not install with the compiler.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *type_of(const char *name)
{
    const char *dot = strrchr(name, '.');
    static const char *const types[][2] = {
        { ".html", "text/html; charset=utf-8" },
        { ".css", "text/css; charset=utf-8" },
        { ".js", "text/javascript; charset=utf-8" },
        { ".svg", "image/svg+xml" },
        { ".png", "image/png" },
        { ".ico", "image/x-icon" },
    };
    for (size_t i = 0; dot && i < sizeof types / sizeof types[0]; i++)
        if (strcmp(dot, types[i][0]) == 0)
            return types[i][1];
    return "application/octet-stream";
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: embed OUT.c FILE...\n");
        return 2;
    }
    FILE *out = fopen(argv[1], "w");
    if (!out) {
        perror(argv[1]);
        return 1;
    }
    fprintf(out, "/* Made by review/embed_main.c from review/static/: do not edit. */\n"
                 "#include \"static.h\"\n\n");
    for (int i = 2; i < argc; i++) {
        FILE *in = fopen(argv[i], "rb");
        if (!in) {
            perror(argv[i]);
            fclose(out);
            return 1;
        }
        fprintf(out, "static const unsigned char f%d[] = {", i);
        int c;
        long n = 0;
        while ((c = fgetc(in)) != EOF)
            fprintf(out, "%s%d,", n++ % 20 ? "" : "\n", c);
        fprintf(out, "0\n};\n");
        fclose(in);
    }
    fprintf(out, "\nconst hb_static_file review_static_files[] = {\n");
    for (int i = 2; i < argc; i++) {
        const char *base = strrchr(argv[i], '/');
        base = base ? base + 1 : argv[i];
        fprintf(out, "    { \"%s\", \"%s\", f%d, sizeof f%d - 1 },\n", base,
                type_of(base), i, i);
    }
    fprintf(out, "    { NULL, NULL, NULL, 0 }\n};\n");
    if (fclose(out) != 0) {
        perror(argv[1]);
        return 1;
    }
    return 0;
}
