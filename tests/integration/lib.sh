# tests/integration/lib.sh - sourced by every integration test.
# Environment from tests/run.sh: HOCBA (the program), BUILD (its build dir),
# SRC (the source tree), WORK (an empty scratch directory for this script).
# Each check prints one TAP line; the script's exit status is ignored when it
# printed results, so a failing check never hides the ones after it.
n=0
ok() { # ok NAME CMD...: passes when CMD exits 0
    local name=$1; shift
    n=$((n + 1))
    if "$@" >"$WORK/last.out" 2>&1; then echo "ok $n - $name"
    else echo "not ok $n - $name"; sed 's/^/#   /' "$WORK/last.out" | tail -n 20; fi
}
ok_fails() { # ok_fails NAME STATUS CMD...: passes when CMD exits STATUS
    local name=$1 want=$2; shift 2
    n=$((n + 1))
    "$@" >"$WORK/last.out" 2>&1; local rc=$?
    if [ "$rc" = "$want" ]; then echo "ok $n - $name"
    else echo "not ok $n - $name (exit $rc, wanted $want)"; sed 's/^/#   /' "$WORK/last.out" | tail -n 20; fi
}
check() { # check NAME CONDITION-STRING: passes when `eval` of it succeeds
    local name=$1; shift
    n=$((n + 1))
    if eval "$1"; then echo "ok $n - $name"; else echo "not ok $n - $name"; echo "#   failed: $1"; fi
}
# build_wsfill LIBDIR OUT [SOURCE]: builds tests/integration/wsfill.c (a
# workspace filler through the C API), or another test helper SOURCE,
# against LIBDIR/libhocba.a, with the sanitizers when that library was
# built with them.
build_wsfill() {
    local pkgs="tesseract lept libxml-2.0 xmlsec1-openssl sqlite3 openssl libmicrohttpd libutf8proc pangocairo cairo poppler-glib glib-2.0 libp11"
    local san=
    nm "$1/libhocba.a" 2>/dev/null | grep -q __asan_init && san="-fsanitize=address,undefined"
    cc -std=c11 -D_GNU_SOURCE $san -I"$SRC/pipeline" -I"$SRC/ocr" -I"$SRC/samples" \
        $(pkg-config --cflags $pkgs) -o "$2" "${3:-$SRC/tests/integration/wsfill.c}" \
        "$1/libhocba.a" $(pkg-config --libs $pkgs) -lm -lpthread
}
