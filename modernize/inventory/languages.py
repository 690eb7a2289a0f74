"""What a file holds when it is not the mainframe's: other languages, markup, data formats, prose.

Repositories of mainframe applications carry a web front end, build scripts, licences and lock files
too, and their Java classes quote copybooks in comments. These are recognised by positive evidence of
their own (braces and semicolons at line ends, ``import``/``package``/``function``/``def``, shebangs,
``<?xml``, a JSON document, sentences), which the classifier weighs against the COBOL and JCL
evidence, so that a file becomes COBOL or JCL only when that evidence is the stronger.

Every regex here runs on whatever a repository holds, in the main process: each is anchored at a
line start and takes a blank or word run whole (possessive) or lazily up to one character it needs,
so no line is scanned again from each of its positions (tests/security/test_redos.py tries them).
"""

from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import dataclass, field
from functools import cached_property

from modernize.model import FileKind

# -- names and extensions ------------------------------------------------------------------------

LOCKFILE = "lockfile"
# Dependency lock files: generated, full of digests. Named exactly (the name is the format).
LOCK_NAMES = {"yarn.lock", "package-lock.json", "npm-shrinkwrap.json", "pnpm-lock.yaml", "cargo.lock", "poetry.lock",
              "pipfile.lock", "gemfile.lock", "composer.lock", "go.sum", "packages.lock.json", "flake.lock", "bun.lock",
              "mix.lock", "pubspec.lock", "podfile.lock", "gradle.lockfile", "uv.lock", "pdm.lock", "conda-lock.yml",
              "shrinkwrap.yaml", "deno.lock"}
# Build and tool files, by their exact (lower-case) name: (language, kind).
NAMED_FILES: dict[str, tuple[str, FileKind]] = {
    "pom.xml": ("xml", FileKind.CONFIG), "build.xml": ("xml", FileKind.CONFIG), "ivy.xml": ("xml", FileKind.CONFIG),
    "build.gradle": ("groovy", FileKind.CONFIG), "settings.gradle": ("groovy", FileKind.CONFIG),
    "build.gradle.kts": ("kotlin", FileKind.CONFIG), "settings.gradle.kts": ("kotlin", FileKind.CONFIG),
    "gradle.properties": ("properties", FileKind.CONFIG), "jenkinsfile": ("groovy", FileKind.CONFIG),
    "mvnw": ("shell", FileKind.CONFIG), "mvnw.cmd": ("batch", FileKind.CONFIG), "gradlew": ("shell", FileKind.CONFIG),
    "gradlew.bat": ("batch", FileKind.CONFIG), "makefile": ("make", FileKind.CONFIG), "gnumakefile": ("make", FileKind.CONFIG),
    "cmakelists.txt": ("cmake", FileKind.CONFIG), "dockerfile": ("dockerfile", FileKind.CONFIG),
    "containerfile": ("dockerfile", FileKind.CONFIG), "package.json": ("json", FileKind.CONFIG),
    "tsconfig.json": ("json", FileKind.CONFIG), "jsconfig.json": ("json", FileKind.CONFIG), "composer.json": ("json", FileKind.CONFIG),
    "requirements.txt": ("pip", FileKind.CONFIG), "setup.py": ("python", FileKind.CONFIG), "setup.cfg": ("ini", FileKind.CONFIG),
    "pyproject.toml": ("toml", FileKind.CONFIG), "go.mod": ("gomod", FileKind.CONFIG), "gemfile": ("ruby", FileKind.CONFIG),
    "rakefile": ("ruby", FileKind.CONFIG), "vagrantfile": ("ruby", FileKind.CONFIG), "procfile": ("text", FileKind.CONFIG),
    ".env": ("dotenv", FileKind.CONFIG), ".npmrc": ("ini", FileKind.CONFIG), ".yarnrc": ("text", FileKind.CONFIG),
    ".yarnclean": ("text", FileKind.CONFIG), ".babelrc": ("json", FileKind.CONFIG), ".prettierrc": ("json", FileKind.CONFIG),
    ".eslintrc": ("json", FileKind.CONFIG), ".browserslistrc": ("text", FileKind.CONFIG), ".dockerignore": ("text", FileKind.CONFIG),
    ".npmignore": ("text", FileKind.CONFIG), ".classpath": ("xml", FileKind.CONFIG), ".project": ("xml", FileKind.CONFIG),
    ".mailmap": ("text", FileKind.CONFIG), "codeowners": ("text", FileKind.CONFIG), "manifest.mf": ("manifest", FileKind.CONFIG),
}
# Extensions of languages that are not the mainframe's: language; its kind comes from LANGUAGE_KINDS.
EXTENSION_LANGUAGES = {
    ".java": "java", ".kt": "kotlin", ".kts": "kotlin", ".scala": "scala", ".groovy": "groovy", ".gradle": "groovy",
    ".js": "javascript", ".mjs": "javascript", ".cjs": "javascript", ".jsx": "javascript", ".ts": "typescript",
    ".tsx": "typescript", ".vue": "vue", ".svelte": "svelte", ".css": "css", ".scss": "scss", ".sass": "sass", ".less": "less",
    ".html": "html", ".htm": "html", ".xhtml": "html", ".jsp": "jsp", ".jspf": "jsp", ".jspx": "jsp", ".asp": "asp",
    ".aspx": "asp", ".php": "php", ".py": "python", ".pyw": "python", ".rb": "ruby", ".go": "go", ".rs": "rust",
    ".pl": "perl", ".pm": "perl", ".cs": "csharp", ".vb": "vbnet", ".vbs": "vbscript", ".swift": "swift",
    ".cpp": "cpp", ".cc": "cpp", ".cxx": "cpp", ".hpp": "cpp", ".hh": "cpp", ".lua": "lua", ".dart": "dart",
    ".sh": "shell", ".bash": "shell", ".ksh": "shell", ".zsh": "shell", ".csh": "csh", ".tcsh": "csh",
    ".bat": "batch", ".cmd": "batch", ".ps1": "powershell", ".psm1": "powershell", ".psd1": "powershell", ".awk": "awk",
    ".j2": "jinja", ".jinja": "jinja", ".jinja2": "jinja",
    ".json": "json", ".jsonc": "json", ".json5": "json", ".geojson": "json", ".ipynb": "json",
    ".xml": "xml", ".xsd": "xml", ".xsl": "xml", ".xslt": "xml", ".wsdl": "xml", ".xmi": "xml", ".dtd": "xml", ".svg": "svg",
    ".yaml": "yaml", ".yml": "yaml", ".toml": "toml", ".ini": "ini", ".cfg": "ini", ".conf": "ini", ".properties": "properties",
    ".md": "markdown", ".markdown": "markdown", ".rst": "rst", ".adoc": "asciidoc", ".asciidoc": "asciidoc", ".tex": "latex",
    ".pdf": "pdf", ".doc": "word", ".docx": "word", ".odt": "opendocument", ".rtf": "rtf", ".csv": "csv", ".tsv": "csv",
    ".lock": LOCKFILE,
}
DOC_LANGUAGES = frozenset({"markdown", "rst", "asciidoc", "latex", "pdf", "word", "opendocument", "rtf", "text"})
CONFIG_LANGUAGES = frozenset({"jinja", "yaml", "toml", "ini", "properties", "dotenv", "make", "dockerfile", "manifest", LOCKFILE})
DATA_LANGUAGES = frozenset({"json", "xml", "svg", "csv"})


def language_kind(language: str) -> FileKind:
    if language in DOC_LANGUAGES:
        return FileKind.DOC
    if language in CONFIG_LANGUAGES:
        return FileKind.CONFIG
    if language in DATA_LANGUAGES:
        return FileKind.DATA
    return FileKind.SOURCE


# Texts that say what they are by their name: licences, notices, read-me files, change logs.
RE_DOC_NAME = re.compile(r"(?:^|[_.-])(?:licen[cs]e|notices?|copying|copyright|authors|contributors|changelog|changes|history|"
                         r"readme|code_of_conduct|security|maintainers|patents|third[_-]party[_-]notices)(?:$|[_.-])", re.I)

# -- generated files: lock files, minified scripts and styles, bundles, source maps, asset manifests ---------

GENERATED_LANGUAGES = frozenset({"javascript", "typescript", "css", "scss", "less", "json", "html", "svg", "xml"})
RE_GENERATED_NAME = re.compile(r"\.min\.(?:js|mjs|css)$|\.(?:js|mjs|css)\.map$|(?:^|/)asset-manifest\.json$|\.(?:bundle|chunk)\.(?:js|mjs|css)$"
                               r"|(?:^|/)[\w-]++\.[0-9a-f]{8,}+\.(?:chunk\.)?(?:js|mjs|css)$", re.I)
MINIFIED_LINE = 1000
# The C that GnuCOBOL (OpenCOBOL) writes for a COBOL program (cobc -C, or kept by -save-temps): its
# first line names the compiler, the next the COBOL source it came from.
RE_COBC_OUTPUT = re.compile(r"/\*[ \t]*+Generated by[ \t]++cobc\b[^\n*]*+\*/[ \t]*+\r?\n"
                            r"(?:/\*[ \t]*+Generated from[ \t]++([^\n*]*[^\n* \t])[ \t]*+\*/)?")


def cobc_output(text: str) -> re.Match[str] | None:
    """The header of C that cobc generated (group 1: the COBOL source it names), or None."""
    return RE_COBC_OUTPUT.match(text.lstrip("\ufeff"))


def generated(path: str, text: str, language: str) -> bool:
    """A lock file, an asset a build wrote (minified script or style, bundle, source map, asset
    manifest) or C that cobc generated: nobody wrote its text, so nothing in it is analysed (for
    sensitive data neither)."""
    if language == LOCKFILE:
        return True
    if language == "c":
        return cobc_output(text) is not None
    if language not in GENERATED_LANGUAGES:
        return False
    if RE_GENERATED_NAME.search(path.rsplit("/", 1)[-1]):
        return True
    head = text[:65536]
    lines = head.count("\n") + 1
    return len(head) > 4 * MINIFIED_LINE and len(head) / lines > MINIFIED_LINE / 4 and any(
        len(line) > MINIFIED_LINE for line in head.split("\n", 50)[:50])


# -- evidence from the content --------------------------------------------------------------------

# Per language: lines that only that language (or its family) writes. Case matters where the
# language's keywords are lower case: COBOL's are written in upper case far more often than not.
_INDENT = r"[ \t]*+"
SIGNS: dict[str, str] = {
    "java": _INDENT + r"(?:package[ \t]++[\w.]++[ \t]*+;|import[ \t]++(?:static[ \t]++)?[\w.*]++[ \t]*+;"
            r"|(?:public|private|protected)[ \t]++(?:(?:static|final|abstract|synchronized|default)[ \t]++)*+"
            r"(?:class|interface|enum|record|void|[\w<>\[\],.?]++[ \t]++\w++[ \t]*+\()"
            r"|@(?:Override|Test|Autowired|Entity|Id|Column|Table|Path|GET|POST|PUT|DELETE|Produces|Consumes|RequestMapping|"
            r"GetMapping|PostMapping|Controller|RestController|Service|Component|Bean|Configuration|SuppressWarnings|Deprecated)\b)",
    "javascript": _INDENT + r"(?:import[ \t]++(?:['\"]|[^\n]*?\bfrom[ \t]*+['\"])|export[ \t]++(?:default|const|function|class|let|var|async)\b"
                  r"|(?:const|let|var)[ \t]++[\w$\[\]{}, \t]*?=|(?:async[ \t]++)?function\b[ \t*]*+[\w$]*+[ \t]*+\("
                  r"|module\.exports\b|\}\)[ \t]*+;?[ \t]*+$|(?:describe|it|test)\([ \t]*+['\"])",
    "css": _INDENT + r"(?:[.#:]?[\w-][\w .#:>+~,*\[\]=\"'()-]*+\{[ \t]*+$|[\w-]++[ \t]*+:[ \t]*+[^;{}\n]++;[ \t]*+$"
           r"|@(?:media|import|font-face|keyframes|mixin|include|use|forward|extend|each|function|return|charset|supports)\b"
           r"|\$[\w-]++[ \t]*+:[^\n]*;)",
    "python": _INDENT + r"(?:def[ \t]++\w++[ \t]*+\(|class[ \t]++\w++[ \t]*+[(:]|from[ \t]++[\w.]++[ \t]++import\b"
              r"|import[ \t]++[\w.]++(?:[ \t]++as[ \t]++\w++)?[ \t]*+$|(?:elif|else|try|except|finally|with|for|while|if)\b[^\n]*?:[ \t]*+$"
              r"|print\()",
    "go": r"(?:package[ \t]++\w++[ \t]*+$|func[ \t]++(?:\([^)\n]*+\)[ \t]*+)?\w++[ \t]*+\(|import[ \t]*+\(|[ \t]*+\w++(?:[ \t]*+,[ \t]*+\w++)*+[ \t]*+:=)",
    "shell": _INDENT + r"(?:export[ \t]++\w++=|echo\b|fi\b|done\b|esac\b|then\b|elif\b|local[ \t]++\w|source[ \t]|unset\b|cd[ \t]"
             r"|exit(?:[ \t]++[\d$]|[ \t]*+$)|set[ \t]++[-+][a-z]|(?:if|while|until)[ \t]++!?[ \t]*+\[|for[ \t]++\w++[ \t]++in\b"
             r"|case[ \t][^\n]*?[ \t]in[ \t]*+$|[\w-]++[ \t]*+\(\)[ \t]*+\{|[a-z_]\w*+=[\"'$(`])",
    "csh": _INDENT + r"(?:setenv[ \t]|set[ \t]++\w++[ \t]*+=|unsetenv\b|foreach[ \t]|endif\b|endsw\b|breaksw\b|end[ \t]*+$"
           r"|if[ \t]*+\([^\n]*?\)[ \t]*+then\b|alias[ \t]|onintr\b|switch[ \t]*+\()",
    "batch": _INDENT + r"(?i:@?echo[ \t]++(?:off|on)\b|@echo\b|rem(?:[ \t]|$)|::|:[a-z_]\w*+[ \t]*+$|setlocal\b|endlocal\b"
             r"|goto[ \t]++:?\w|set[ \t]++(?:/[ap][ \t]++)?\"?\w++=|if[ \t]++(?:not[ \t]++)?(?:exist|errorlevel|defined|/i)\b"
             r"|call[ \t]++:\w)",
    "powershell": _INDENT + r"(?:[Ff]unction[ \t]++\w++-\w|(?i:param[ \t]*+\(|write-(?:host|output|error|verbose)\b|import-module\b"
                  r"|\[cmdletbinding|\$\w++[ \t]*+=[^\n]*[^;\n][ \t]*+$))",
    "perl": _INDENT + r"(?:use[ \t]++(?:strict|warnings|[\w:]++)[^\n]*;|my[ \t]++[$@%]|sub[ \t]++\w++[ \t]*+\{|print[ \t]++[\"'$])",
    "markup": _INDENT + r"(?:<\?xml\b|<!DOCTYPE\b|<!--|</?[A-Za-z][\w:.-]*+(?:[ \t>/]|$)|<%|%>)",
    "markdown": r"(?:```|~~~|[ \t]*+[-*+][ \t]++\[[ xX]\])",
    "yaml": r"(?:---[ \t]*+$|[ \t]*+-[ \t]++[\w\"'-]++:(?:[ \t]|$)|[ \t]*+[\w\"'.-]++:(?:[ \t]++[^;\n]*+|[ \t]*+)$)",
    "properties": _INDENT + r"(?:\[[\w .:-]++\][ \t]*+$|[\w-]++(?:\.[\w-]++)++[ \t]*+[=:][^;\n]*+$)",
    "cobol-check": r"(?:[0-9]{6})?[ \t]*+(?i:TestSuite|TestCase)[ \t]++[\"']",
}
WEAK_SIGNS = frozenset({"yaml", "properties", "markdown"})
# Lines of code in some language that is not COBOL's or JCL's, without saying which one: a line
# ending in a brace or a semicolon, a block comment's end, a '#' or indented '//' comment.
GENERIC = r"[ \t]*+#(?:[ \t!#]|$)|[ \t]++//|//[ \t]++[a-z]|///"
# Anywhere in a line, each searched for only when its first characters occur at all: a line that
# ends in a brace or a semicolon, or in a block comment's end; a require(), a batch file's
# %VARIABLE%, a Markdown link.
RE_CODE_END = re.compile(r"[;{}][ \t]*+$", re.M)
RE_ANYWHERE = {"*/": re.compile(r"\*/[ \t]*+$", re.M), "require(": re.compile(r"\brequire\([ \t]*+['\"]"),
               "%": re.compile(r"%~?\w++%"), "](": re.compile(r"\]\((?:https?://|\.{0,2}/|#)")}
# A line is found by the newline before it (the text searched starts with one): see classify.py.
RE_SIGNS = {language: re.compile(f"\n(?:{pattern})", re.M) for language, pattern in SIGNS.items()}
# Every line with evidence of any of them, each counted once (a match ends the line's chances); not
# a line that is a comment in COBOL's fixed format (an asterisk or slash in column 7) or starts with
# an asterisk: what a comment says is no evidence against the code around it.
RE_FOREIGN_LINE = re.compile(r"\n(?![^\n]{6}[*/]|[ \t]*+\*)(?:" + "|".join(f"(?:{p})" for p in (*SIGNS.values(), GENERIC)) + ")", re.M)

RE_SHEBANG = re.compile(r"#![ \t]*+(?:/usr)?(?:/local)?/bin/(?:env[ \t]++(?:-\S++[ \t]++)*+)?(?P<program>[\w.+-]++)")
INTERPRETERS = {"sh": "shell", "bash": "shell", "ksh": "shell", "zsh": "shell", "dash": "shell", "ash": "shell",
                "csh": "csh", "tcsh": "csh", "python": "python", "python2": "python", "python3": "python", "perl": "perl",
                "node": "javascript", "nodejs": "javascript", "deno": "typescript", "ruby": "ruby", "pwsh": "powershell",
                "awk": "awk", "gawk": "awk", "php": "php", "groovy": "groovy", "rexx": "rexx", "regina": "rexx"}

# Words that English and Dutch sentences are made of and COBOL has no use for (COBOL's own words,
# such as IS, ARE, TO, OF, FOR, WITH, FROM, AND, NOT, are left out on purpose).
ENGLISH = ("the this that these those there here you your we our they them their its it shall which will would should could "
           "have has had been was were be an as but such may must can also than other more what who whom where whose")
DUTCH = "de het een van voor wordt worden zijn niet met die dat deze ook naar bij kan moet als om te wij u uw dit er"
STOPWORDS = frozenset(ENGLISH.split()) | frozenset(DUTCH.split())
PROSE_WORDS = 6  # a sentence: at least this many words, two of them STOPWORDS
PROSE_SAMPLE = 400  # lines


def prose_lines(text: str) -> int:
    """Lines of running text among the first PROSE_SAMPLE: licences, notices, read-me files. A
    COBOL comment line is not counted (its text is the program's, not evidence against it)."""
    count = 0
    for line in text.split("\n", PROSE_SAMPLE)[:PROSE_SAMPLE]:
        if line[6:7] in ("*", "/") or line.lstrip()[:1] in ("*", "/", "#"):
            continue
        words = line.split()
        if len(words) >= PROSE_WORDS and sum(1 for w in words if w.strip(".,;:()\"'").lower() in STOPWORDS) >= 2:
            count += 1
    return count


def shebang_language(first_line: str) -> str | None:
    match = RE_SHEBANG.match(first_line)
    if match is None:
        return None
    program = match.group("program").lower()
    return INTERPRETERS.get(program) or INTERPRETERS.get(program.rstrip("0123456789.")) or "shell"


def markup_language(text: str, ext: str) -> str:
    """XML, HTML, a JSP or an SVG image, for a text that starts with markup."""
    head = text[:4096].lower()
    if "<%@" in head or "<jsp:" in head or ext in (".jsp", ".jspf", ".jspx"):
        return "jsp"
    if "<svg" in head and "<html" not in head:
        return "svg"
    if "<html" in head or "<!doctype html" in head or ext in (".html", ".htm", ".xhtml"):
        return "html"
    return "xml"


def json_document(text: str) -> bool:
    """The whole text is one JSON value (an object or an array)."""
    stripped = text.strip()
    if not stripped or stripped[0] not in "{[" or stripped[-1] not in "}]" or len(stripped) > 8 * 1024 * 1024:
        return False
    try:
        json.loads(stripped)
    except ValueError:
        return False
    return True


@dataclass
class Foreign:
    """The evidence in a text for languages that are not COBOL or JCL."""

    text: str
    lines: int = field(init=False)  # lines with any such evidence (a line may count twice)

    def __post_init__(self) -> None:
        text = self.text
        self.lines = len(RE_FOREIGN_LINE.findall("\n" + text)) + len(RE_CODE_END.findall(text)) + sum(
            len(regex.findall(text)) for hint, regex in RE_ANYWHERE.items() if hint in text)

    @cached_property
    def signs(self) -> Counter[str]:
        """Lines per language (a line may speak for more than one)."""
        text = "\n" + self.text
        return Counter({language: n for language, regex in RE_SIGNS.items() if (n := len(regex.findall(text)))})

    @cached_property
    def prose(self) -> int:
        return prose_lines(self.text)

    def language(self, nonblank: int) -> str | None:
        """The language with the most evidence, when it has enough to name the file by: a tenth of
        its lines (or fewer in a file whose lines are mostly code of some kind), a third for the
        shapes that listings and prose have too (``key:``, ``a.b=c``, links)."""
        for language, count in sorted(self.signs.items(), key=lambda item: (-item[1], item[0] in WEAK_SIGNS, item[0])):
            if count < 2:
                break
            if language in WEAK_SIGNS:
                if count >= nonblank * 0.3:
                    return language
            elif count >= nonblank * 0.1 or self.lines >= nonblank * 0.3:
                return language
        return None
