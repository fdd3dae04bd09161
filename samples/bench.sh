#!/bin/bash
# samples/bench.sh BUILD - speed and accuracy of `hocba extract` on generated
# books, and plain Tesseract on the same pages for comparison; one table.
#
# Sets (samples/gen, deterministic seeds; sizes in books, ~3.5 pages each):
#   typical      BENCH_BOOKS (default 60, >= 200 pages), the targets' set
#   clean, hard  BENCH_SMALL books each (default 12)
#   handwritten  BENCH_SMALL books, values written by hand, typical scan
#   single-page  BENCH_SMALL books, one page per year
# BENCH_SETS="typical clean" picks sets; BENCH_DIR=DIR keeps the files.
#
# Measured per set:
#   CPU s/page   user+sys CPU seconds of `hocba extract` and all its worker
#                processes (/usr/bin/time reports the waited-for children),
#                divided by the pages generated;
#   peak RSS     the largest resident size of any one process (a worker);
#   accuracy, review rate, silent error rate: samples/score against the
#                ground truth (silent = wrong and not flagged for review).
# Plain Tesseract ("tesseract BOOK.tiff - -l vie", one process per book, all
# pages): a truth value counts as read when it occurs in that book's text
# as printed, as whole words: scores with a decimal comma or point, dates as
# d/m/yyyy, dd/mm/yyyy, dd-mm-yyyy or "ngày d tháng m năm yyyy", levels as
# the word or the paper's abbreviation (Đ, CĐ, T, H, C).  Empty values are
# not counted.  Finding a value anywhere in the book is generous (a "7,5"
# from another row counts), so the plain figure is an upper bound on what a
# reader could get out of plain Tesseract's text.
set -u
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BUILD=${1:-build}
case $BUILD in /*) ;; *) BUILD=$ROOT/$BUILD ;; esac
HOCBA=$BUILD/hocba GEN=$BUILD/gen SCORE=$BUILD/score
for p in "$HOCBA" "$GEN" "$SCORE"; do
    [ -x "$p" ] || { echo "bench: $p missing (make BUILD=... all)" >&2; exit 1; }
done
command -v /usr/bin/time >/dev/null || { echo "bench: /usr/bin/time missing (apt-get install time)" >&2; exit 1; }
export OMP_THREAD_LIMIT=1 LC_ALL=C.UTF-8
JOBS=$(getconf _NPROCESSORS_ONLN) # not nproc: it obeys OMP_THREAD_LIMIT
BOOKS=${BENCH_BOOKS:-60}
SMALL=${BENCH_SMALL:-12}
SETS=${BENCH_SETS:-typical clean hard handwritten single-page}
if [ -n "${BENCH_DIR:-}" ]; then
    WORK=$BENCH_DIR
    mkdir -p "$WORK"
else
    WORK=$(mktemp -d)
    trap 'rm -rf "$WORK"' EXIT
fi

json_num() { # json_num KEY FILE: the first "KEY":number of the overall block
    sed -n 's/.*"overall":{\([^}]*\)}.*/\1/p' "$2" | tr ',' '\n' |
        sed -n "s/^\"$1\":\(.*\)$/\1/p" | head -n 1
}

# plain_found TRUTH_DIR TEXT_DIR: prints "found total" over the truth files.
plain_found() {
    local truth=$1 texts=$2 found=0 total=0 sfound=0 stotal=0 f book txt v tag alts a hit
    for f in "$truth"/*.xml; do
        book=$(basename "$f" .xml)
        book=${book%-[0-9][0-9][0-9][0-9]-[0-9][0-9][0-9][0-9]}
        txt="$texts/$book.txt"
        [ -f "$txt" ] || continue
        # the book's text on one line, blanks folded, with a blank at each end
        local flat
        flat=" $(tr '\n\t' '  ' <"$txt" | tr -s ' ') "
        while IFS=$'\t' read -r tag v; do
            [ -n "$v" ] || continue
            total=$((total + 1))
            alts=("$v")
            if [[ $v =~ ^([0-9]+)\.([0-9])$ ]]; then
                alts=("${BASH_REMATCH[1]},${BASH_REMATCH[2]}" "$v")
            elif [[ $v =~ ^([0-9]{4})-([0-9]{2})-([0-9]{2})$ ]]; then
                local y=${BASH_REMATCH[1]} m=${BASH_REMATCH[2]} d=${BASH_REMATCH[3]}
                alts=("$d/$m/$y" "$((10#$d))/$((10#$m))/$y" "$d-$m-$y"
                      "ngày $((10#$d)) tháng $((10#$m)) năm $y"
                      "ngày $d tháng $m năm $y")
            else
                case $v in
                Đạt) alts=("Đạt" "Đ") ;;
                "Chưa đạt") alts=("Chưa đạt" "CĐ") ;;
                "Hoàn thành tốt") alts=("Hoàn thành tốt" "T") ;;
                "Hoàn thành") alts=("Hoàn thành" "H") ;;
                "Chưa hoàn thành") alts=("Chưa hoàn thành" "C") ;;
                esac
            fi
            hit=0
            for a in "${alts[@]}"; do
                case $flat in *" $a "* | *" $a,"* | *" $a."* | *" $a;"*) hit=1; break ;; esac
            done
            found=$((found + hit))
            if [[ $v =~ ^[0-9]+\.[0-9]$ ]]; then
                stotal=$((stotal + 1))
                sfound=$((sfound + hit))
            fi
        done < <(grep -o '<[A-Z_0-9]*>[^<]*</[A-Z_0-9]*>' "$f" |
                 grep -v -e MA_HO_SO -e PHIEN_BAN -e NGUON_DU_LIEU -e NGAY_SO_HOA \
                         -e CAP_HOC -e CHE_DO |
                 sed 's/^<\([A-Z_0-9]*\)>\(.*\)<\/[A-Z_0-9]*>$/\1\t\2/' |
                 sed 's/&amp;/\&/g; s/&lt;/</g; s/&gt;/>/g')
    done
    echo "$found $total $sfound $stotal"
}

row() { printf '%-13s %6s %9s %9s %9s %9s %8s %9s\n' "$@"; }

declare -a RESULTS
run_set() { # run_set NAME LEVEL COUNT SEED GEN_FLAGS...
    local name=$1 level=$2 count=$3 seed=$4
    shift 4
    local dir=$WORK/$name
    mkdir -p "$dir/books" "$dir/drafts"
    local gline pages
    gline=$("$GEN" --out "$dir/books" --seed "$seed" --count "$count" \
        --level "$level" "$@" 2>&1 | tail -n 1)
    pages=$(sed -n 's/.*, \([0-9]*\) pages.*/\1/p' <<<"$gline")
    [ -n "$pages" ] || { echo "bench: gen failed for $name: $gline" >&2; return 1; }
    echo "bench: $name: $count books, $pages pages; extracting with $JOBS workers" >&2
    /usr/bin/time -f '%e %U %S %M' -o "$dir/time" \
        "$HOCBA" extract --jobs "$JOBS" --out "$dir/drafts" "$dir"/books/*.tiff \
        2>"$dir/extract.log" || echo "bench: $name: some books failed (see $dir/extract.log)" >&2
    read -r wall user sys rss <"$dir/time"
    "$SCORE" --json "$dir/books" "$dir/drafts" >"$dir/score.json" 2>/dev/null
    "$SCORE" --worst 15 "$dir/books" "$dir/drafts" >"$dir/score.txt" 2>&1
    local acc rev sil fields
    acc=$(json_num accuracy "$dir/score.json")
    rev=$(json_num review_rate "$dir/score.json")
    sil=$(json_num silent_rate "$dir/score.json")
    fields=$(json_num fields "$dir/score.json")
    local cpu
    cpu=$(awk -v u="$user" -v s="$sys" -v p="$pages" 'BEGIN { printf "%.2f", (u + s) / p }')
    RESULTS+=("$(row "$name" "$pages" "$fields" \
        "$(awk -v a="$acc" 'BEGIN { printf "%.2f%%", 100 * a }')" \
        "$(awk -v a="$rev" 'BEGIN { printf "%.2f%%", 100 * a }')" \
        "$(awk -v a="$sil" 'BEGIN { printf "%.3f%%", 100 * a }')" \
        "$cpu" "$((rss / 1024)) MB")")
    if [ "$name" = typical ]; then
        echo "bench: typical: plain tesseract on the same pages" >&2
        mkdir -p "$dir/plain"
        # CPU time of the shell's waited-for children (utime..cstime of
        # /proc/self/stat): before and after the plain runs
        local t0 t1
        t0=$(awk '{ print $14 + $15 + $16 + $17 }' /proc/$$/stat)
        ls "$dir"/books/*.tiff | xargs -P "$JOBS" -I{} sh -c \
            'b=$(basename {} .tiff); tesseract {} - -l vie >"'"$dir"'/plain/$b.txt" 2>/dev/null'
        t1=$(awk '{ print $14 + $15 + $16 + $17 }' /proc/$$/stat)
        local hz pcpu
        hz=$(getconf CLK_TCK)
        pcpu=$(awk -v a="$t0" -v b="$t1" -v hz="$hz" -v p="$pages" \
            'BEGIN { printf "%.2f", (b - a) / hz / p }')
        read -r pf pt sf st < <(plain_found "$dir/books" "$dir/plain")
        RESULTS+=("$(row "plain tess." "$pages" "$pt" \
            "$(awk -v f="$pf" -v t="$pt" 'BEGIN { printf "%.2f%%", t ? 100 * f / t : 0 }')" \
            "-" "-" "$pcpu" "-")")
        RESULTS+=("$(row " its scores" "$pages" "$st" \
            "$(awk -v f="$sf" -v t="$st" 'BEGIN { printf "%.2f%%", t ? 100 * f / t : 0 }')" \
            "-" "-" "-" "-")")
    fi
}

for s in $SETS; do
    case $s in
    typical) run_set typical typical "$BOOKS" 101 ;;
    clean) run_set clean clean "$SMALL" 102 ;;
    hard) run_set hard hard "$SMALL" 103 ;;
    handwritten) run_set handwritten typical "$SMALL" 104 --handwritten ;;
    single-page) run_set single-page typical "$SMALL" 105 --single-page ;;
    *) echo "bench: unknown set $s" >&2 ;;
    esac
done

echo
echo "hocba extract on generated books ($JOBS workers; targets at typical: accuracy >= 99%, silent <= 0.2%, review <= 10%, <= 1 CPU-s/page, <= 300 MB)"
row set pages fields accuracy review silent "CPU s/pg" "peak RSS"
for r in "${RESULTS[@]}"; do echo "$r"; done
echo "plain tess.: values of the typical set found anywhere in the book's text (see the method in samples/bench.sh)"
[ -n "${BENCH_DIR:-}" ] && echo "files and the worst silent errors per set: $WORK/*/score.txt"
exit 0
