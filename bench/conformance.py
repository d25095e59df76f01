#!/usr/bin/env python3
"""Feed conformance: Dossier's feed reader against feedparser's test corpus.

    conformance.py            (make conformance)

Every feed of the corpus (wellformed/, illformed/, encoding/; files that
state no `Expect:` are skipped) is indexed alone into a fresh index; what
Dossier stored is read back (bench/stored_records: every document's
stored record, in document order) and held to the file's own
expectation, the Python expression of its `Expect:` line over
feedparser's result.  Only the checks about what a news search engine
keeps count; tables give the agreement per field and per folder next to
the previous run's.  A measurement, not a test: the exit status is 0
whenever it ran, 1 when a program crashed (a signal, an exit status of
128 or more, a sanitizer report on stderr, or no answer within
TIME_LIMIT), 2 when the runner itself could not run.

Environment:
  DOSSIER_FEEDPARSER_CORPUS  the corpus (default ../shared/corpora/feedparser
                             from the project's root); absent: skipped
  DOSSIER_BIN                the programs (default $DOSSIER_BUILD/bin, else
                             build/bin); DOSSIER_BIN=build-asan/bin runs the
                             sanitizer build.  stored_records is taken from
                             the bench/ folder beside it, and the results
                             go to the conformance/ folder beside it.
  DOSSIER_CONFORMANCE_OUT    where the results go instead (tests use it)
  DOSSIER_CONFORMANCE_JOBS   files indexed at once (default: the cores)
  DOSSIER_CONFORMANCE_PROBE  0: no probe runs (below)

How a file is run.  A file whose path holds "http" or that has `Header:`
lines is served by an HTTP server of this process on 127.0.0.1:8097 (the
port the expectations name; when it is taken, a free one, and the
expectations' "127.0.0.1:8097" are read as that) with those headers
(Content-Type application/xml when they name none) and fetched with
`dossier-index --fetch --feeds LIST --force`; every other file is given
to `dossier-index --no-entities --jobs 1 --db TMP FILE` (one writer, so
that the documents keep the feed's order).  HOME and the XDG folders
point into the run's temporary folder, DOSSIER_* variables are unset: no
run reads or writes the user's own state.

Items without text, and the probe run.  Dossier keeps no article with
neither title nor body ("item has neither title nor body"), and most
files of the corpus hold items with only the element under test.  Such
an item's title and content are judged as "" (what Dossier read of
them).  For its other fields the file is run a second time from a probe
copy, made in the temporary folder, that opens each item and entry with
a <title>conformance probe N</title>: the stored records of that run
answer the link, date, id, author and feed-title checks of those items
(the "run" column of details.tsv says "probe").

Which checks count.  The expression is split into its top-level `and`
clauses.  `bozo` and `not bozo` are the bozo check.  A clause that reads
only these keys of feedparser's result is a field check:

  title      entries[i].title
  link       entries[i].link
  date       entries[i].{published,updated,created,date}_parsed: the one
             instant Dossier stores, as a UTC time.struct_time
  content    entries[i].summary, .description, .content[0].value: the
             body (Dossier keeps one: a file that expects summary and
             content to differ cannot agree on both)
  id         entries[i].id, .guid
  author     entries[i].author, .author_detail.name: the stored "author"
             key (a record without one has no author)
  feed title feed.title and entries[i].source.title: each article's
             stored "source" (an entry's own source title overrides the
             feed's, so feed.title in a file with a <source> element is
             "n/a")

Every other clause (title_detail, links, tags, language, enclosures,
encoding, HTTP headers, ...) is "n/a" and counted apart.  A clause
`A == B == C` is one check for each of A and B; `A or B` agrees when
either side does (bozo parts inside it are left out); `ord(X) == N` is
X == chr(N).  Any other shape of applicable clause is evaluated as it
stands by a restricted eval (no builtins but len, ord, chr, str, int,
tuple, list; no dunder names) over a feedparser-like result built from
the stored records.  entries[i] is the feed's (i+1)-th item: the items
dossier-index reported as rejected ("item N: ...") hold no record, the
others take the stored records in document order.  When it folded items
into others (replaced, merged, duplicates), an entry past the records is
"not read".

Text comparison.  Dossier stores plain text; feedparser gives the HTML it
read (and plain text for text constructs, Atom type="text").  A title,
content or feed-title check agrees when Dossier's text, white space
collapsed, equals the expected value reduced to plain text: tags dropped
(block and table elements and <br> become a space, inline ones nothing),
comments, and <script> and <style> with their content, dropped;
character references decoded; every run of white space (Unicode's, NBSP
included) made one space; the ends trimmed.  When the expected value
holds no end tag and no character reference (feedparser's own test of
"looks like HTML" fails), it may be plain text such as "1 < 2": the value
taken as text, white space collapsed, is accepted too.  A value holding,
outside comments, a tag that feedparser's sanitizer never lets through
(<blink>, <script>, <iframe>, ...) is not HTML feedparser gave: it is
read as text only (Atom type="text": "History of the <blink> tag").  Links agree as
URLs: scheme and host without case, the default port and an empty path
("/") as RFC 3986 says; a fragment or a query parameter Dossier's
canonical URL drops is a difference.  Ids and authors are compared
exactly (surrounding white space trimmed), but for two rules of what
Dossier keeps: an id that is not a URI is stored prefixed with the feed's
address and "#" (file:///.../feed.xml#abc), which agrees with "abc"; and
the byline is the name, which agrees with feedparser's "Name (email)" or
"email (Name)".  A content check that expects
no text at all (markup alone) also agrees with a reader that never read
the element: the row "content, text expected" leaves those out.

Bozo.  Dossier's bozo is true when dossier-index said "not well-formed"
on stderr, warned that bytes were not in the encoding the feed declared
(read as Windows-1252 or U+FFFD, an unknown encoding), or refused the file
whole (a rejection of the file itself, not
of an item, and no article stored).  It is its own check, counted for
every file whose expression has `bozo` or `not bozo` as a top-level
clause, read or not.

Files not read.  A file of which Dossier stored no article and rejected
no item for want of text, though it holds items (refused whole, items
rejected for another reason, or ignored), is "not read": its checks are
counted apart, not as disagreements; the field agreement is over what
Dossier read.  A feed-title check in a file with no item at all has no
article to carry it: "no entry", also apart.

Output, in BIN/../conformance/: last.json (this run; the one before is
kept as previous.json and fills the "previous run" column), details.tsv
(every check: file, field, expected, got, agreed, run), refused.tsv
(files refused that feedparser reads without bozo), crashes.tsv and
changes.tsv (checks whose verdict changed since the previous run).
"""
import ast
import calendar
import concurrent.futures
import html.parser
import http.server
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
FOLDERS = ("wellformed", "illformed", "encoding")
EXPECTED_PORT = 8097
TIME_LIMIT = 120  # seconds a program may take on one file (ASan is slow)
FIELDS = ("title", "link", "date", "content", "id", "author", "feed title")
SANITIZER_REPORT = re.compile(
    r"ERROR: AddressSanitizer|ERROR: LeakSanitizer|runtime error:|"
    r"UndefinedBehaviorSanitizer|ThreadSanitizer|MemorySanitizer")
ITEM_TAG = re.compile(r"<(?:[\w.-]+:)?(?:item|entry)[\s>/]")
SOURCE_TAG = re.compile(r"<(?:[\w.-]+:)?source[\s>/]")


class RunnerError(Exception):
    """The runner cannot go on (a missing program, an unwritable folder)."""


# ------------------------------------------------------------ the corpus

def decode_text(data):
    """The file as text, for its header comment: UTF-8, else the UTF-16 or
    UTF-32 in which its comment reads.  None when no comment is found."""
    if b"Expect:" in data:
        return data.decode("utf-8", "replace")
    for encoding in ("utf-16", "utf-32", "utf-16-le", "utf-16-be",
                     "utf-32-le", "utf-32-be"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if "Expect:" in text:
            return text
    return None


HEADER_LINE = re.compile(r"^\s*Header:\s+([^:\s][^:]*):(.*)$", re.M)


def load_case(corpus, rel):
    """The test case of one file: its expectation, headers and how it is
    run.  None when the file states no expectation (not a test)."""
    with open(os.path.join(corpus, rel), "rb") as f:
        data = f.read()
    text = decode_text(data)
    if text is None:
        return None
    # feedparser's own pattern: the expression is the rest of the line.
    m = re.search(r"Expect:\s*(.*)\s*-->", text)
    if m is None:
        return None
    d = re.search(r"Description:\s*(.*?)\s*$", text, re.M)
    headers = [(k.strip(), v.strip()) for k, v in HEADER_LINE.findall(text)
               if v.strip()]
    has_header_lines = bool(re.search(r"^\s*Header:", text, re.M))
    return {
        "file": rel,
        "folder": folder_of(rel),
        "expect": m.group(1).strip(),
        "description": d.group(1) if d else "",
        "headers": headers,
        "is_http": "http" in rel or has_header_lines,
        "has_items": bool(ITEM_TAG.search(text)),
        "has_source": bool(SOURCE_TAG.search(text)),
    }


def folder_of(rel):
    parts = rel.split("/")
    if parts[0] == "wellformed" and len(parts) > 2:
        return "wellformed/" + parts[1]
    return parts[0]


def find_cases(corpus):
    cases, skipped = [], 0
    for top in FOLDERS:
        for dirpath, dirnames, filenames in os.walk(os.path.join(corpus, top)):
            dirnames.sort()
            for name in sorted(filenames):
                rel = os.path.relpath(os.path.join(dirpath, name), corpus)
                if not name.endswith(".xml"):
                    skipped += 1
                    continue
                case = load_case(corpus, rel)
                if case is None:
                    skipped += 1
                else:
                    cases.append(case)
    return cases, skipped


# ------------------------------------------------------------ HTTP

def make_server(corpus, cases, probes):
    """An HTTP server on 127.0.0.1 serving each HTTP case at /FILE with
    the headers its comment names (Content-Type application/xml when it
    names none), and its probe copy, once PROBES holds it, at
    /probe/FILE.  On port 8097 when free.  Returns (server, port)."""
    headers_of = {c["file"]: c["headers"] for c in cases}

    class Handler(http.server.BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args):
            pass

        def do_GET(self):
            rel = urllib.parse.unquote(urllib.parse.urlsplit(self.path).path)
            rel = rel.lstrip("/")
            is_probe = rel.startswith("probe/")
            if is_probe:
                rel = rel[len("probe/"):]
            body = None
            if rel in headers_of:
                if is_probe:
                    body = probes.get(rel)
                else:
                    with open(os.path.join(corpus, rel), "rb") as f:
                        body = f.read()
            if body is None:
                body = b"no such case\n"
                self.send_response(404)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
                return
            headers = headers_of[rel]
            self.send_response(200)
            if not any(k.lower() == "content-type" for k, _ in headers):
                self.send_header("Content-Type", "application/xml")
            for k, v in headers:
                self.send_header(k, v)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    for port in (EXPECTED_PORT, 0):
        try:
            server = http.server.ThreadingHTTPServer(("127.0.0.1", port),
                                                     Handler)
        except OSError:
            continue
        server.daemon_threads = True
        threading.Thread(target=server.serve_forever, daemon=True).start()
        return server, server.server_address[1]
    raise RunnerError("cannot listen on 127.0.0.1")


# ------------------------------------------------------------ running

def run_program(argv, env, cwd):
    """Runs ARGV; returns (exit status, stdout, stderr).  A run that takes
    longer than TIME_LIMIT is killed: status None."""
    try:
        p = subprocess.run(argv, env=env, cwd=cwd, stdout=subprocess.PIPE,
                           stderr=subprocess.PIPE, timeout=TIME_LIMIT)
    except subprocess.TimeoutExpired as e:
        return None, (e.stdout or b"").decode("utf-8", "replace"), \
            (e.stderr or b"").decode("utf-8", "replace")
    return (p.returncode, p.stdout.decode("utf-8", "replace"),
            p.stderr.decode("utf-8", "replace"))


def crash_of(status, stderr):
    """Why a run counts as a crash, or None."""
    if status is None:
        return "no answer within %d s" % TIME_LIMIT
    if status < 0:
        return "killed by signal %d" % -status
    if status >= 128:
        return "exit status %d" % status
    m = SANITIZER_REPORT.search(stderr)
    if m:
        line = stderr[stderr.rfind("\n", 0, m.start()) + 1:]
        return "sanitizer: " + line.split("\n", 1)[0].strip()
    return None


def base_env(tmp):
    """The environment of a run: this one's without DOSSIER_*, XDG_* and
    proxies (the fetches go to 127.0.0.1), HOME and XDG_* inside TMP."""
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("DOSSIER_", "XDG_")) and
           not k.lower().endswith("_proxy")}
    home = os.path.join(tmp, "home")
    for sub in ("", ".config", ".local/share", ".cache", ".local/state"):
        os.makedirs(os.path.join(home, sub), exist_ok=True)
    env.update(HOME=home, XDG_CONFIG_HOME=os.path.join(home, ".config"),
               XDG_DATA_HOME=os.path.join(home, ".local/share"),
               XDG_CACHE_HOME=os.path.join(home, ".cache"),
               XDG_STATE_HOME=os.path.join(home, ".local/state"),
               LC_ALL="C.UTF-8")
    return env


def index_once(case, ctx, work, probe=None):
    """Indexes the case's file (or PROBE, its probe copy) into a fresh
    index in WORK and reads back what was stored: a run dict."""
    env = base_env(work)
    db = os.path.join(work, "index")
    index = os.path.join(ctx["bin"], "dossier-index")
    if case["is_http"]:
        path = ("probe/" if probe else "") + case["file"]
        name = "http://127.0.0.1:%d/%s" % (ctx["port"],
                                           urllib.parse.quote(path))
        feeds = os.path.join(work, "feeds.txt")
        with open(feeds, "w") as f:
            f.write(name + "\n")
        argv = [index, "--fetch", "--feeds", feeds, "--force",
                "--no-entities", "--quiet", "--interval", "0",
                "--host-delay", "0", "--timeout", "30", "--db", db]
    else:
        name = probe or os.path.join(ctx["corpus"], case["file"])
        argv = [index, "--no-entities", "--jobs", "1", "--quiet",
                "--db", db, name]
    status, out, err = run_program(argv, env, work)
    run = {"name": name, "status": status, "stdout": out, "stderr": err,
           "crash": crash_of(status, err), "records": []}
    if os.path.isdir(db) and status is not None:
        rstatus, rout, rerr = run_program([ctx["records"], db], env, work)
        crash = crash_of(rstatus, rerr)
        if crash:
            run["crash"] = run["crash"] or "stored_records: " + crash
        elif rstatus != 0:
            raise RunnerError("%s: stored_records: %s" %
                              (case["file"], rerr.strip()))
        run["records"] = [json.loads(line) for line in rout.splitlines()
                          if line.strip()]
    read_messages(run)
    return run


def run_case(case, ctx):
    """Indexes one case's file alone, then, when Dossier dropped items for
    having no text, its probe copy.  Fills case["run"] and case["probe"]."""
    work = tempfile.mkdtemp(prefix="case-", dir=ctx["tmp"])
    case["probe"] = None
    try:
        os.mkdir(os.path.join(work, "file"))
        case["run"] = run = index_once(case, ctx, os.path.join(work, "file"))
        if run["state"] == "empty" and case["has_items"]:
            run["state"] = "items ignored"
        if (ctx["probe"] and not run["crash"] and
                NO_TEXT in run["rejected_items"].values()):
            data = probe_copy(os.path.join(ctx["corpus"], case["file"]))
            if data is not None:
                os.mkdir(os.path.join(work, "probe"))
                if case["is_http"]:
                    ctx["probes"][case["file"]] = data
                    probe = True
                else:
                    probe = os.path.join(work, os.path.basename(case["file"]))
                    with open(probe, "wb") as f:
                        f.write(data)
                case["probe"] = index_once(case, ctx,
                                           os.path.join(work, "probe"), probe)
    finally:
        shutil.rmtree(work, ignore_errors=True)


NO_TEXT = "item has neither title nor body"
# Messages about the file as a whole that keep it: repairs, recovery,
# encodings (dossier-index's reader warnings), as opposed to refusals.
WARNING = re.compile(r"kept as text|recovery mode|as it stands|replaced by|"
                     r"left out of the text|read as Windows-1252|"
                     r"read as UTF-8|U\+FFFD")
# What feedparser reports as a bozo encoding (CharacterEncodingOverride,
# an undeclared or wrong encoding): bytes the declared one could not read.
ENCODING_WARNING = re.compile(r"read as Windows-1252|read as UTF-8|U\+FFFD")
ITEM_START = re.compile(rb"<((?:[\w.-]+:)?)(item|entry)((?:\s[^>]*)?)>")


def probe_copy(path):
    """The file with a title, "conformance probe N", opening each item and
    entry (in the same namespace prefix), so that Dossier keeps the items
    that hold only the element under test.  None when there is no item,
    or the file's encoding is not ASCII-compatible (UTF-16, UTF-32)."""
    with open(path, "rb") as f:
        data = f.read()
    if b"\x00" in data:
        return None
    # Not inside the header comment, which may name elements.
    end = data.find(b"-->")
    start = end + 3 if end >= 0 else 0
    count = 0

    def add_title(m):
        nonlocal count
        if m.group(3).rstrip().endswith(b"/"):
            return m.group(0)
        count += 1
        return m.group(0) + b"<%stitle>conformance probe %d</%stitle>" % (
            m.group(1), count, m.group(1))

    rest = ITEM_START.sub(add_title, data[start:])
    return data[:start] + rest if count else None


def read_messages(run):
    """What dossier-index said about the file: the items it rejected
    (number: reason), whether it refused the file itself and why; the
    run's state and Dossier's bozo."""
    name = re.escape(run["name"])
    line_re = re.compile(r"^[^:]*dossier-index: " + name +
                         r"(?::\d+)?: (?:item (\d+): )?(.*)$")
    rejected_items, file_messages = {}, []
    for line in run["stderr"].splitlines():
        m = line_re.match(line)
        if not m:
            continue
        reason = m.group(2)
        if m.group(1):
            # Warnings (a bad date dropped) name items that were kept.
            if not reason.startswith("bad date") and "warning" not in reason:
                rejected_items[int(m.group(1))] = reason
        else:
            file_messages.append(reason)
    run["rejected_items"] = rejected_items
    run["file_messages"] = file_messages
    run["first_reason"] = (file_messages[0] if file_messages else
                           next(iter(rejected_items.values()), ""))
    replaced = re.search(r"(\d+) replaced, (\d+) merged", run["stderr"])
    dup = re.search(r"(\d+) duplicates", run["stdout"])
    run["merged"] = ((int(replaced.group(1)) + int(replaced.group(2))
                      if replaced else 0) + (int(dup.group(1)) if dup else 0))
    failed = re.search(r"^failed\s+\S+: (.*)$", run["stdout"], re.M)
    if run["crash"]:
        run["state"] = "crashed"
    elif run["records"]:
        run["state"] = "read"
    elif [m for m in file_messages if not WARNING.search(m)]:
        run["state"] = "refused whole"
    elif rejected_items and all(r == NO_TEXT
                                for r in rejected_items.values()):
        # A fetch says "failed" then too: the items tell why.
        run["state"] = "no text"
    elif rejected_items:
        run["state"] = "items rejected"
    elif failed:
        run["state"] = "refused whole"
        run["first_reason"] = failed.group(1)
    else:
        run["state"] = "empty"
    run["bozo"] = ("not well-formed" in run["stderr"].lower() or
                   ENCODING_WARNING.search(run["stderr"]) is not None or
                   run["state"] == "refused whole")


# ------------------------------------------------------------ the result

class Result(dict):
    """A dict whose keys read as attributes too, like FeedParserDict."""

    def __getattr__(self, key):
        try:
            return self[key]
        except KeyError:
            raise AttributeError(key) from None


def utc_struct(published):
    """The stored instant ("2003-12-31T10:14:55Z") as feedparser's
    *_parsed: a time.struct_time in UTC."""
    t = time.strptime(published, "%Y-%m-%dT%H:%M:%SZ")
    return time.gmtime(calendar.timegm(t))


def entry_of(record):
    """The feedparser-like entry of a stored record, with only the keys
    that are checked."""
    e = Result()
    if record is None:
        return e
    e["title"] = record.get("title", "")
    body = record.get("body", "")
    e["summary"] = e["description"] = body
    e["content"] = [Result(value=body)]
    for key, name in (("link", "url"), ("id", "id"), ("guid", "id"),
                      ("author", "author")):
        if record.get(name) is not None:
            e[key] = record[name]
    if "author" in e:
        e["author_detail"] = Result(name=e["author"])
    if record.get("published"):
        t = utc_struct(record["published"])
        for key in ("published_parsed", "updated_parsed", "created_parsed",
                    "date_parsed"):
            e[key] = t
    if record.get("source") is not None:
        e["source"] = Result(title=record["source"])
    return e


def build_result(run):
    """The feedparser-like result of a run: entries[i] is the i-th item of
    the feed.  An item dossier-index rejected holds no record: one it
    rejected for having no text has title and content "" (that is what
    Dossier read of them); kinds[i] says which ("record", "no text",
    "rejected").  The other items take the stored records in document
    order.  feed.title is the first record's source."""
    records = list(run["records"])
    rejected = run["rejected_items"]
    entries, kinds, n = [], [], 1
    while records or n <= max(rejected, default=0):
        if n in rejected:
            kind = "no text" if rejected[n] == NO_TEXT else "rejected"
            entries.append(entry_of({"title": "", "body": ""}
                                    if kind == "no text" else None))
        else:
            kind = "record"
            entries.append(entry_of(records.pop(0)))
        kinds.append(kind)
        n += 1
    feed = Result()
    if run["records"] and run["records"][0].get("source") is not None:
        feed["title"] = run["records"][0]["source"]
    return {"entries": entries, "feed": feed, "kinds": kinds,
            "has_records": bool(run["records"]), "merged": run["merged"]}


def answering(case, results, chain, field):
    """Which run answers a check of CHAIN: ("file" or "probe", result), or
    the verdict of a check that cannot be judged ("not read", "no
    entry")."""
    main, probe = results
    if main is None:
        if case["run"]["state"] == "empty" and not case["has_items"] and \
                not chain.startswith("entries."):
            return "no entry"
        return "not read"
    if not chain.startswith("entries."):  # feed.title
        if main["has_records"]:
            return "file", main
        if probe is not None and probe["has_records"]:
            return "probe", probe
        return "not read"
    k = int(chain.split(".")[1])
    kind = main["kinds"][k] if k < len(main["kinds"]) else "past the end"
    if kind == "past the end":
        # Items folded into another article (the same id, link or text)
        # leave no record of their own: which one is gone is unknown.
        return "not read" if main["merged"] else ("file", main)
    if kind == "record" or (kind == "no text" and
                            field in ("title", "content")):
        return "file", main
    if (kind == "no text" and probe is not None and
            k < len(probe["kinds"]) and probe["kinds"][k] == "record"):
        return "probe", probe
    return "not read"


# ------------------------------------------------------------ expectations

APPLICABLE = [
    (re.compile(r"^entries\.\d+\.title$"), "title"),
    (re.compile(r"^entries\.\d+\.link$"), "link"),
    (re.compile(r"^entries\.\d+\.(published|updated|created|date)_parsed$"),
     "date"),
    (re.compile(r"^entries\.\d+\.(summary|description|content\.0\.value)$"),
     "content"),
    (re.compile(r"^entries\.\d+\.(id|guid)$"), "id"),
    (re.compile(r"^entries\.\d+\.(author|author_detail\.name)$"), "author"),
    (re.compile(r"^entries\.\d+\.source\.title$"), "feed title"),
    (re.compile(r"^feed\.title$"), "feed title"),
]
# Functions an applicable clause may call (chain_of reads them as names).
HELPERS = ("ord", "len")
SAFE_BUILTINS = {"len": len, "ord": ord, "chr": chr, "str": str, "int": int,
                 "tuple": tuple, "list": list, "True": True, "False": False,
                 "None": None}


def chain_of(node):
    """The key path a node reads ("entries.0.title"), or None."""
    parts = []
    while True:
        if isinstance(node, ast.Subscript):
            if not isinstance(node.slice, ast.Constant):
                return None
            parts.append(str(node.slice.value))
            node = node.value
        elif isinstance(node, ast.Attribute):
            parts.append(node.attr)
            node = node.value
        elif (isinstance(node, ast.Call) and
              isinstance(node.func, ast.Attribute) and
              node.func.attr == "get" and node.args and
              isinstance(node.args[0], ast.Constant)):
            parts.append(str(node.args[0].value))
            node = node.func.value
        elif isinstance(node, ast.Name):
            parts.append(node.id)
            return ".".join(reversed(parts))
        else:
            return None


def field_of(chain):
    for pattern, field in APPLICABLE:
        if pattern.match(chain):
            return field
    return None


def chains_in(node):
    """The maximal key paths NODE reads (entries.0.title, not entries)."""
    found = set()
    for n in ast.walk(node):
        c = chain_of(n)
        if c is not None:
            found.add(c)
    return {c for c in found
            if not any(o != c and o.startswith(c + ".") for o in found)}


def is_constant(node):
    """Whether NODE is a constant expression: literals, + and -."""
    for n in ast.walk(node):
        if not isinstance(n, (ast.Constant, ast.Tuple, ast.List, ast.BinOp,
                              ast.UnaryOp, ast.Add, ast.Sub, ast.USub,
                              ast.Load)):
            return False
    return True


def constant_value(node):
    return eval(compile(ast.Expression(node), "<expect>", "eval"),
                {"__builtins__": {}}, {})


def is_bozo(node):
    """True for `bozo`, False for `not bozo`, None otherwise."""
    if isinstance(node, ast.Name) and node.id == "bozo":
        return True
    if (isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Not) and
            isinstance(node.operand, ast.Name) and node.operand.id == "bozo"):
        return False
    return None


def get_path(result, chain):
    """The value at CHAIN in RESULT, or Absent."""
    value = result
    for part in chain.split("."):
        try:
            if isinstance(value, list):
                value = value[int(part)]
            else:
                value = value[part]
        except (KeyError, IndexError, ValueError, TypeError):
            return ABSENT
    return value


class _Absent:
    def __repr__(self):
        return "(absent)"


ABSENT = _Absent()


class TextReducer(html.parser.HTMLParser):
    """HTML to plain text for the comparison (see the top of the file)."""

    BREAKS = frozenset(
        "address article aside blockquote body br caption center dd details "
        "dialog dir div dl dt fieldset figcaption figure footer form h1 h2 "
        "h3 h4 h5 h6 head header hgroup hr html li main menu nav ol p pre "
        "section summary table tbody td tfoot th thead title tr ul".split())
    DROPPED = frozenset(("script", "style"))

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts, self.dropping = [], 0

    def handle_starttag(self, tag, attrs):
        if tag in self.DROPPED:
            self.dropping += 1
        elif tag in self.BREAKS:
            self.parts.append(" ")

    def handle_startendtag(self, tag, attrs):
        if tag in self.BREAKS:
            self.parts.append(" ")

    def handle_endtag(self, tag):
        if tag in self.DROPPED:
            self.dropping = max(0, self.dropping - 1)
        elif tag in self.BREAKS:
            self.parts.append(" ")

    def handle_data(self, data):
        if not self.dropping:
            self.parts.append(data)


def collapse(text):
    return " ".join(text.split())


def html_to_text(value):
    p = TextReducer()
    p.feed(value)
    p.close()
    return collapse("".join(p.parts))


def may_be_plain(value):
    """feedparser's own test: HTML has an end tag or a character
    reference; without either the value may be plain text."""
    return not (re.search(r"</\w+>", value) or re.search(r"&#?\w+;", value))


# Elements feedparser's sanitizer never lets through: HTML that it gives
# holds none of them (outside comments), so a value that does is text.
UNSANITARY = frozenset(
    "applet base blink body embed frame frameset head html iframe link "
    "marquee meta object param script style".split())


def reading(value):
    """How feedparser's value is to be read: "html", "text" or
    "either"."""
    outside_comments = re.sub(r"<!--.*?-->", "", value, flags=re.S)
    tags = {t.lower() for t in
            re.findall(r"</?([A-Za-z][\w:.-]*)", outside_comments)}
    if tags & UNSANITARY:
        return "text"
    return "either" if may_be_plain(value) else "html"


def text_agrees(expected, got):
    if not isinstance(expected, str) or not isinstance(got, str):
        return expected == got
    g, how = collapse(got), reading(expected)
    return ((how != "text" and g == html_to_text(expected)) or
            (how != "html" and g == collapse(expected)))


def values_agree(field, expected, got):
    if got is ABSENT:
        return False
    if field in ("title", "content", "feed title"):
        return text_agrees(expected, got)
    if field == "date":
        return isinstance(got, time.struct_time) and tuple(got) == tuple(expected)
    if field == "link" and isinstance(expected, str) and \
            isinstance(got, str):
        return url_key(expected.strip()) == url_key(got.strip())
    if field == "id" and isinstance(expected, str) and isinstance(got, str):
        return expected.strip() == got.strip() or scoped_id_agrees(
            expected.strip(), got.strip())
    if field == "author" and isinstance(expected, str) and \
            isinstance(got, str):
        return got.strip() in (expected.strip(), byline_of(expected))
    if isinstance(expected, str) and isinstance(got, str):
        return expected.strip() == got.strip()
    return expected == got


def scoped_id_agrees(expected, got):
    """Dossier keeps an id that is not a URI ("abc") prefixed with the
    feed's address and "#" (file:///path/feed.xml#abc, or the URL it was
    fetched from), so that two feeds' "abc" are two articles (man
    dossier-index, Feeds)."""
    return (not re.match(r"^[A-Za-z][A-Za-z0-9+.-]*:", expected) and
            re.match(r"^(file|https?)://[^#]*#", got) is not None and
            got.split("#", 1)[1] == expected)


def byline_of(author):
    """The name in feedparser's "Name (email)" (Atom name and email) or
    "email (Name)" (RSS): Dossier stores the byline, the name alone."""
    m = re.match(r"^(.*\S)\s*\(([^()]*)\)$", author.strip())
    if not m:
        return author.strip()
    outside, inside = m.group(1), m.group(2).strip()
    if "@" in inside and " " not in inside:
        return outside
    if "@" in outside and " " not in outside:
        return inside
    return author.strip()


DEFAULT_PORTS = {"http": 80, "https": 443}


def url_key(url):
    """URL with what RFC 3986 says does not change its meaning made
    plain: scheme and host lower-cased, the scheme's default port
    dropped, an empty path made "/".  Anything else (a fragment, a
    query parameter) still tells two URLs apart."""
    try:
        parts = urllib.parse.urlsplit(url)
        port = parts.port
    except ValueError:
        return url
    scheme = parts.scheme.lower()
    if scheme not in DEFAULT_PORTS or not parts.hostname:
        return url
    host = parts.hostname.lower()
    if ":" in host:
        host = "[%s]" % host
    if port is not None and port != DEFAULT_PORTS[scheme]:
        host += ":%d" % port
    userinfo = parts.netloc.rpartition("@")[0]
    netloc = (userinfo + "@" if userinfo else "") + host
    return urllib.parse.urlunsplit((scheme, netloc, parts.path or "/",
                                    parts.query, parts.fragment))


def show(value):
    if isinstance(value, time.struct_time):
        return time.strftime("%Y-%m-%dT%H:%M:%SZ", value)
    if isinstance(value, tuple) and len(value) == 9:
        try:
            return time.strftime("%Y-%m-%dT%H:%M:%SZ", value)
        except (TypeError, ValueError):
            pass
    return repr(value)


def simple_checks(node):
    """The checks of an applicable clause of a known shape: a list of
    (field, chain, op, expected) with op "==" / "!=" / "truthy" /
    "falsy", or None for another shape."""
    if isinstance(node, ast.Compare):
        operands = [node.left] + node.comparators
        if not all(isinstance(op, (ast.Eq, ast.NotEq)) for op in node.ops):
            return None
        constants = [o for o in operands if is_constant(o)]
        if len(constants) != 1 or (len(operands) > 2 and
                                   not all(isinstance(op, ast.Eq)
                                           for op in node.ops)):
            return None
        expected = constant_value(constants[0])
        op = "==" if isinstance(node.ops[0], ast.Eq) else "!="
        checks = []
        for o in operands:
            if o is constants[0]:
                continue
            value = expected
            if (isinstance(o, ast.Call) and isinstance(o.func, ast.Name) and
                    o.func.id == "ord" and len(o.args) == 1 and
                    isinstance(expected, int)):
                o, value = o.args[0], chr(expected)
            chain = chain_of(o)
            if chain is None or field_of(chain) is None:
                return None
            checks.append((field_of(chain), chain, op, value))
        return checks
    chain = chain_of(node)
    if chain is not None and field_of(chain):
        return [(field_of(chain), chain, "truthy", True)]
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Not):
        chain = chain_of(node.operand)
        if chain is not None and field_of(chain):
            return [(field_of(chain), chain, "falsy", False)]
    return None


def judge(check, result):
    field, chain, op, expected = check
    got = get_path(result, chain)
    if op == "truthy":
        return got, got is not ABSENT and bool(got)
    if op == "falsy":
        return got, got is ABSENT or not got
    agreed = values_agree(field, expected, got)
    return got, agreed if op == "==" else not agreed


def restricted_eval(node, result):
    """Evaluates an applicable clause of another shape as it stands."""
    for n in ast.walk(node):
        if isinstance(n, ast.Name) and n.id.startswith("__"):
            return False
        if isinstance(n, ast.Attribute) and n.attr.startswith("__"):
            return False
    env = {"__builtins__": SAFE_BUILTINS, "entries": result["entries"],
           "feed": result["feed"]}
    try:
        return bool(eval(compile(ast.Expression(node), "<expect>", "eval"),
                         env, {}))
    except Exception:  # a missing key or entry is a disagreement
        return False


def clauses_of(expr):
    tree = ast.parse(expr, mode="eval").body
    if isinstance(tree, ast.BoolOp) and isinstance(tree.op, ast.And):
        return tree.values
    return [tree]


def strip_bozo(node):
    """NODE without its `bozo` / `not bozo` and-parts (inside an or)."""
    if isinstance(node, ast.BoolOp) and isinstance(node.op, ast.And):
        rest = [v for v in node.values if is_bozo(v) is None]
        if not rest:
            return None
        return rest[0] if len(rest) == 1 else ast.BoolOp(ast.And(), rest)
    return node


def describe(check):
    chain, op, expected = check[1], check[2], check[3]
    if op in ("truthy", "falsy"):
        return "%s %s" % (chain, op)
    return "%s %s%s" % (chain, "not " if op == "!=" else "", show(expected))


def is_blank(check):
    """Whether a content check expects no text at all (markup alone,
    say <div></div>): a reader that never looked at the element agrees
    with it as well as one that read it right."""
    field, _, op, expected = check
    return (field == "content" and op == "==" and
            isinstance(expected, str) and html_to_text(expected) == "")


def evaluate(case):
    """The checks of a case: a list of dicts (field, expected, got,
    verdict, run) with verdict yes / no / not read / no entry / n/a and
    run the one that answered (file, probe)."""
    run, probe = case["run"], case["probe"]
    has_entries = run["state"] in ("read", "no text", "items rejected")
    results = (build_result(run) if has_entries else None,
               build_result(probe) if probe and probe["state"] == "read"
               else None)
    checks = []

    def add(field, expected, got, verdict, source="", is_blank=False):
        checks.append({"field": field, "expected": expected, "got": got,
                       "verdict": verdict, "run": source,
                       "is_blank": is_blank})

    for clause in clauses_of(case["expect"]):
        text = ast.unparse(clause)
        bozo = is_bozo(clause)
        if bozo is not None:
            add("bozo", str(bozo), str(run["bozo"]),
                "yes" if bozo == run["bozo"] else "no", "file")
            continue
        alternatives = [clause]
        if isinstance(clause, ast.BoolOp) and isinstance(clause.op, ast.Or):
            alternatives = [strip_bozo(v) for v in clause.values]
            if any(a is None for a in alternatives):
                add("n/a", text, "", "n/a")
                continue
        chains = set().union(*(chains_in(a) for a in alternatives))
        known = sorted(c for c in chains if field_of(c))
        if not known or any(field_of(c) is None and c not in HELPERS
                            for c in chains):
            add("n/a", text, "", "n/a")
            continue
        field = field_of(known[0])
        if "feed.title" in known and case["has_source"]:
            # An entry's own <source> title would stand for the feed's.
            add(field, text, "", "n/a")
            continue
        shapes = [simple_checks(a) for a in alternatives]
        if len(shapes) == 1 and shapes[0] is not None:
            # One check a key path (A == B == C is two checks).
            for check in shapes[0]:
                source = answering(case, results, check[1], check[0])
                if isinstance(source, str):
                    add(check[0], describe(check), "", source)
                    continue
                got, ok = judge(check, source[1])
                add(check[0], describe(check), show(got),
                    "yes" if ok else "no", source[0], is_blank(check))
            continue
        sources = {c: answering(case, results, c, field_of(c)) for c in known}
        verdicts = [v for v in sources.values() if isinstance(v, str)]
        if verdicts or len({v[0] for v in sources.values()}) > 1:
            add(field, text, "", verdicts[0] if verdicts else "not read")
            continue
        name, result = next(iter(sources.values()))
        got = "; ".join("%s=%s" % (c, show(get_path(result, c)))
                        for c in known)
        if all(s is not None for s in shapes):
            # A or B: agreed when every check of one side agrees.
            ok = any(all(judge(check, result)[1] for check in side)
                     for side in shapes)
            expected = " or ".join(" and ".join(describe(c) for c in side)
                                   for side in shapes)
        else:
            ok, expected = restricted_eval(clause, result), text
        add(field, expected, got, "yes" if ok else "no", name)
    return checks


def bozo_expected(expr):
    """True or False when the expression's top level says bozo / not
    bozo; None when it does not mention it there."""
    for clause in clauses_of(expr):
        b = is_bozo(clause)
        if b is not None:
            return b
    return None


# ------------------------------------------------------------ report

# Files of which Dossier stored no article though they hold items.
REFUSED = ("refused whole", "items rejected", "items ignored")
APART = ("not read", "no entry", "n/a")
# The content checks that expect some text (see is_blank).
TEXT_EXPECTED = "  content, text expected"


def tally(cases):
    """Agreed and checked, per field and per folder."""
    fields = {f: [0, 0] for f in FIELDS + ("bozo", TEXT_EXPECTED)}
    folders = {}
    apart = dict.fromkeys(APART, 0)
    n_probe = 0
    for case in cases:
        folder = folders.setdefault(case["folder"], {
            "files": 0, "read": 0, "no text": 0, "refused": 0,
            "fields": [0, 0], "bozo": [0, 0]})
        folder["files"] += 1
        state = case["run"]["state"]
        folder["read"] += state == "read"
        folder["no text"] += state == "no text"
        folder["refused"] += state in REFUSED
        for c in case["checks"]:
            if c["verdict"] in apart:
                apart[c["verdict"]] += 1
                continue
            agreed = c["verdict"] == "yes"
            n_probe += c["run"] == "probe"
            fields[c["field"]][0] += agreed
            fields[c["field"]][1] += 1
            if c["field"] == "content" and not c["is_blank"]:
                fields[TEXT_EXPECTED][0] += agreed
                fields[TEXT_EXPECTED][1] += 1
            key = "bozo" if c["field"] == "bozo" else "fields"
            folder[key][0] += agreed
            folder[key][1] += 1
    fields["all fields"] = [sum(fields[f][0] for f in FIELDS),
                            sum(fields[f][1] for f in FIELDS)]
    return fields, folders, apart, n_probe


def pct(pair):
    return 100.0 * pair[0] / pair[1] if pair and pair[1] else None


def cell(pair):
    if not pair or not pair[1]:
        return "-"
    return "%d/%d %5.1f%%" % (pair[0], pair[1], pct(pair))


def diff(now, before):
    a, b = pct(now), pct(before)
    if a is None or b is None:
        return ""
    return "%+.1f" % (a - b)


def print_table(title, names, now, before):
    print()
    print("%-26s %18s   %18s %6s" % (title, "this run", "previous run",
                                      "diff"))
    for name in names:
        n, b = now.get(name), (before or {}).get(name)
        print("%-26s %18s   %18s %6s" % (name, cell(n), cell(b), diff(n, b)))


def tsv(value):
    return (str(value).replace("\\", "\\\\").replace("\t", "\\t")
            .replace("\n", "\\n").replace("\r", "\\r"))


def write_tsv(path, header, rows):
    with open(path, "w", encoding="utf-8") as f:
        f.write("\t".join(header) + "\n")
        for row in rows:
            f.write("\t".join(tsv(v) for v in row) + "\n")


def git_commit():
    try:
        out = subprocess.run(["git", "describe", "--always", "--dirty"],
                             cwd=ROOT, stdout=subprocess.PIPE,
                             stderr=subprocess.DEVNULL, timeout=10)
        return out.stdout.decode().strip()
    except (OSError, subprocess.SubprocessError):
        return ""


def run_all(cases, corpus, bindir, records, jobs, use_probe):
    """Runs every case, JOBS at a time."""
    tmp = tempfile.mkdtemp(prefix="dossier-conformance-")
    probes = {}
    http_cases = [c for c in cases if c["is_http"]]
    server, port = make_server(corpus, http_cases, probes)
    try:
        if port != EXPECTED_PORT:
            print("conformance: port %d is taken; serving on %d, read as "
                  "the expectations' 127.0.0.1:%d" %
                  (EXPECTED_PORT, port, EXPECTED_PORT))
            for c in http_cases:
                c["expect"] = c["expect"].replace(
                    "127.0.0.1:%d" % EXPECTED_PORT, "127.0.0.1:%d" % port)
        ctx = {"bin": bindir, "records": records, "corpus": corpus,
               "tmp": tmp, "port": port, "probe": use_probe,
               "probes": probes}
        is_tty = sys.stderr.isatty()
        with concurrent.futures.ThreadPoolExecutor(jobs) as pool:
            futures = [pool.submit(run_case, c, ctx) for c in cases]
            for i, fut in enumerate(concurrent.futures.as_completed(futures)):
                fut.result()
                if is_tty and i % 25 == 0:
                    print("\r%d of %d files" % (i, len(cases)), end="",
                          file=sys.stderr, flush=True)
        if is_tty:
            print("\r" + " " * 30 + "\r", end="", file=sys.stderr)
    finally:
        server.shutdown()
        server.server_close()
        shutil.rmtree(tmp, ignore_errors=True)


def report(cases, skipped, elapsed, bindir, outdir):
    """Writes the files of OUTDIR and prints the tables.  Returns the
    number of crashes."""
    fields, folders, apart, n_probe = tally(cases)
    states = {}
    for c in cases:
        states[c["run"]["state"]] = states.get(c["run"]["state"], 0) + 1
    refused = [c for c in cases if c["run"]["state"] in REFUSED]
    # feedparser reads them cleanly: `not bozo`, or no word of bozo.
    refused_clean = [c for c in refused
                     if bozo_expected(c["expect"]) is not True]
    crashes = [c for c in cases if c["run"]["crash"] or
               (c["probe"] and c["probe"]["crash"])]
    write_tsv(os.path.join(outdir, "refused.tsv"),
              ["file", "how", "reason", "expect"],
              [(c["file"], c["run"]["state"], c["run"]["first_reason"],
                c["expect"]) for c in refused_clean])
    write_tsv(os.path.join(outdir, "crashes.tsv"), ["file", "run", "crash"],
              [(c["file"], name, r["crash"]) for c in crashes
               for name, r in (("file", c["run"]), ("probe", c["probe"]))
               if r and r["crash"]])
    details, verdicts = [], {}
    for case in cases:
        for i, chk in enumerate(case["checks"]):
            details.append((case["file"], chk["field"], chk["expected"],
                            chk["got"], chk["verdict"], chk["run"]))
            verdicts["%s#%d" % (case["file"], i)] = chk["verdict"]
    write_tsv(os.path.join(outdir, "details.tsv"),
              ["file", "field", "expected", "got", "agreed", "run"], details)

    last_path = os.path.join(outdir, "last.json")
    previous = None
    if os.path.exists(last_path):
        with open(last_path, encoding="utf-8") as f:
            previous = json.load(f)
        shutil.copyfile(last_path, os.path.join(outdir, "previous.json"))
    now = {
        "when": time.strftime("%Y-%m-%d %H:%M:%S"), "commit": git_commit(),
        "bin": os.path.relpath(bindir, ROOT), "seconds": round(elapsed, 1),
        "files": len(cases), "states": states, "fields": fields,
        "apart": apart, "probe_checks": n_probe,
        "folders": folders, "refused": len(refused),
        "refused_clean": len(refused_clean), "crashes": len(crashes),
        "verdicts": verdicts,
    }
    with open(last_path + ".tmp", "w", encoding="utf-8") as f:
        json.dump(now, f, indent=1, sort_keys=True)
    os.replace(last_path + ".tmp", last_path)
    changes = []
    if previous:
        old = previous.get("verdicts", {})
        changes = [(key, old[key], v) for key, v in sorted(verdicts.items())
                   if key in old and old[key] != v]
        write_tsv(os.path.join(outdir, "changes.tsv"),
                  ["file#check", "before", "now"], changes)

    def rel(name):
        return os.path.relpath(os.path.join(outdir, name))

    print("conformance: %d files in %.0f s: %d read, %d refused whole, "
          "%d with every item rejected for want of text, %d with items "
          "rejected or ignored, %d with no item, %d crashed%s" % (
              len(cases), elapsed, states.get("read", 0),
              states.get("refused whole", 0), states.get("no text", 0),
              states.get("items rejected", 0) +
              states.get("items ignored", 0), states.get("empty", 0),
              states.get("crashed", 0),
              "; %d files without an expectation skipped" % skipped
              if skipped else ""))
    if previous:
        print("previous run: %s, %s, %s" % (previous.get("when"),
                                             previous.get("commit"),
                                             previous.get("bin")))
    names = list(FIELDS[:4]) + [TEXT_EXPECTED] + list(FIELDS[4:]) + [
        "all fields", "bozo"]
    print_table("field (files read)", names, fields,
                previous.get("fields") if previous else None)
    folder_names = sorted(folders)
    print()
    print("%-26s %6s %6s %8s %8s" % ("folder", "files", "read", "no text",
                                     "refused"))
    for name in folder_names:
        f = folders[name]
        print("%-26s %6d %6d %8d %8d" % (name, f["files"], f["read"],
                                         f["no text"], f["refused"]))
    for key, title in (("fields", "folder: fields"),
                       ("bozo", "folder: bozo")):
        print_table(title, folder_names,
                    {k: v[key] for k, v in folders.items()},
                    {k: v[key] for k, v in previous["folders"].items()}
                    if previous else None)
    print()
    print("of the field checks, %d were answered by a probe copy (items "
          "given a title); not counted: %d checks in files or items not "
          "read, %d feed-title checks with no item to carry them, %d "
          "clauses not applicable" % (n_probe, apart["not read"],
                                      apart["no entry"], apart["n/a"]))
    refusal_only = sum(1 for c in cases for chk in c["checks"]
                       if chk["field"] == "bozo" and chk["verdict"] == "no"
                       and c["run"]["state"] == "refused whole" and
                       "not well-formed" not in c["run"]["stderr"].lower())
    print("bozo disagreements where Dossier refused the file for another "
          "reason than well-formedness (not a feed, binary): %d of %d" % (
              refusal_only, fields["bozo"][1] - fields["bozo"][0]))
    print("refused (no article stored, items present) though feedparser "
          "reads them without bozo: %d files%s; list: %s" % (
              len(refused_clean),
              " (previous run: %d)" % previous["refused_clean"]
              if previous else "", rel("refused.tsv")))
    print("crashes: %d%s" % (len(crashes), "; list: " + rel("crashes.tsv")
                             if crashes else ""))
    for c in crashes[:10]:
        r = c["run"] if c["run"]["crash"] else c["probe"]
        print("  %s: %s" % (c["file"], r["crash"]))
    if previous:
        print("checks whose verdict changed since the previous run: %d%s" % (
            len(changes), "; list: " + rel("changes.tsv") if changes else ""))
    print("every check: %s" % rel("details.tsv"))
    return len(crashes)


def main():
    corpus = os.environ.get("DOSSIER_FEEDPARSER_CORPUS") or os.path.join(
        ROOT, "..", "shared", "corpora", "feedparser")
    if not os.path.isdir(os.path.join(corpus, "wellformed")):
        print("conformance: skipped: no feedparser corpus at %s "
              "(DOSSIER_FEEDPARSER_CORPUS= names one)" % corpus)
        return 0
    corpus = os.path.abspath(corpus)
    bindir = os.environ.get("DOSSIER_BIN") or os.path.join(
        os.environ.get("DOSSIER_BUILD") or "build", "bin")
    bindir = os.path.abspath(os.path.join(ROOT, bindir))
    builddir = os.path.dirname(bindir)
    records = os.path.join(builddir, "bench", "stored_records")
    for program in (os.path.join(bindir, "dossier-index"), records):
        if not os.access(program, os.X_OK):
            raise RunnerError("%s: missing (`make conformance` builds it; "
                              "DOSSIER_BIN= names another build)" % program)
    outdir = os.environ.get("DOSSIER_CONFORMANCE_OUT") or os.path.join(
        builddir, "conformance")
    os.makedirs(outdir, exist_ok=True)
    jobs = int(os.environ.get("DOSSIER_CONFORMANCE_JOBS") or
               os.cpu_count() or 2)
    use_probe = os.environ.get("DOSSIER_CONFORMANCE_PROBE", "1") != "0"

    cases, skipped = find_cases(corpus)
    if not cases:
        raise RunnerError("%s: no test case found" % corpus)
    print("conformance: %d files of %s, %d at a time, with %s" % (
        len(cases), corpus, jobs, os.path.relpath(bindir, ROOT)))
    started = time.monotonic()
    run_all(cases, corpus, bindir, records, jobs, use_probe)
    elapsed = time.monotonic() - started
    for case in cases:
        case["checks"] = evaluate(case)
    return 1 if report(cases, skipped, elapsed, bindir, outdir) else 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except RunnerError as e:
        print("conformance: %s" % e, file=sys.stderr)
        sys.exit(2)
