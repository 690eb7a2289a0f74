"""What the system supplies: programs and copybooks that belong to z/OS, its subsystems or a vendor
runtime, not to the estate. A job that runs one, or a program that calls or copies one, depends on
the platform rather than on code to replace; the parsers and the graph both ask here.
"""

from __future__ import annotations

# Utilities, subsystem programs and runtime entry points, by exact name. Names that only a prefix
# below would catch are listed where a reader looks them up by name.
SYSTEM_PROGRAMS = frozenset(
    [
        # z/OS data set utilities (DFSMSdfp, DFSMSdss) and the do-nothing program
        "IEFBR14", "IEBGENER", "IEBCOPY", "IEBUPDTE", "IEBPTPCH", "IEBDG", "IEBCOMPR", "IEHLIST", "IEHPROGM", "IDCAMS",
        "ADRDSSU",
        # sorting: DFSORT (and its IEBGENER replacement), Syncsort
        "SORT", "DFSORT", "ICEMAN", "ICETOOL", "ICEGENER", "SYNCSORT",
        # TSO/E and REXX in batch, z/OS UNIX, the FTP client
        "IKJEFT01", "IKJEFT1A", "IKJEFT1B", "IRXJCL", "BPXBATCH", "FTP",
        # CICS: the CSD utility, and the entry point of the stub a DFHCSDUP EXTRACT user program is linked with
        "DFHCSDUP", "DFHEXTRA",
        # Db2: utilities, sample programs run in batch, the message formatter and the language interface
        "DSNUTILB", "DSNTIAUL", "DSNTEP2", "DSNTEP4", "DSNTIAR", "DSNTIAC", "DSNHLI",
        # IMS: the region controller and the DL/I call interfaces
        "DFSRRC00", "CBLTDLI", "AIBTDLI", "CEETDLI",
        # IBM MQ: the MQI calls
        "MQCONN", "MQDISC", "MQOPEN", "MQCLOSE", "MQGET", "MQPUT", "MQPUT1", "MQINQ", "MQSET", "MQCMIT", "MQBACK",
        # COBOL runtime: the bootstrap and the old abend routine
        "IGZEBST", "ILBOABN0",
        # Software AG Natural: the batch nucleus under its usual names
        "NATBATCH", "NATBAT", "NATBAT31",
    ]
)
# What builds programs rather than runs them: compilers, precompilers, translators, assemblers and
# binders. The data sets of a step that runs one (its source, copy, object and load libraries, its
# listings) are libraries, not data a program of the estate processes.
BUILD_PROGRAMS = frozenset(
    [
        # Enterprise COBOL and OS/VS COBOL, Enterprise PL/I and its predecessors, C/C++, High Level Assembler
        "IGYCRCTL", "IKFCBL00", "IBMZPLI", "IEL0AA", "IEL1AA", "CCNDRVR", "CBCDRVR", "ASMA90", "IEV90",
        # the binder and linkage editor, the loader
        "IEWL", "IEWBLINK", "IEWBLODI", "IEWBLDGO", "HEWL", "HEWLH096", "HEWLKED", "HEWLOADR", "IEWLDRGO",
        # the Db2 precompiler, the CICS translators
        "DSNHPC", "DSNHPSM", "DFHECP1$", "DFHEAP1$", "DFHEDP1$", "DFHEPP1$",
    ]
)
SYSTEM_PROGRAMS |= BUILD_PROGRAMS
# Name prefixes of IBM components: Language Environment, CICS, Db2, COBOL runtime, job scheduler and
# data set utilities, sort, TSO, MQ, TCP/IP, z/OS UNIX.
SYSTEM_PREFIXES = ("CEE", "DFH", "DSN", "IGZ", "ILBO", "IEF", "IEB", "IDC", "ICE", "IKJ", "CSQ", "EZA", "BPX")
# The library routines of the COBOL runtimes off the mainframe: Micro Focus's and GnuCOBOL's CBL_ routines
# (CBL_CHECK_FILE_EXIST, CBL_TOUPPER…), ACUCOBOL's and GnuCOBOL's C$ routines (C$SLEEP, C$JUSTIFY…), and
# the SYSTEM call both take for a shell command. Asked of a call no program of the estate answers.
RUNTIME_PREFIXES = ("CBL_", "C$")
RUNTIME_PROGRAMS = frozenset(["SYSTEM"])

# Copybooks the Db2 precompiler or the CICS translator supply, or the system libraries hold: a COPY
# of one that is not in the repository is not missing (the graph marks it system, no plan risk). By
# name: Db2's SQL communication and descriptor areas (and Db2 for LUW's API copybooks), the CICS ones
# programs copy most; by prefix: CICS (DFH), Language Environment (CEE: CEEIGZCT, the condition
# token), the COBOL runtime (IGZ), IBM MQ's COBOL copybooks (CMQ: CMQV, CMQODV, CMQMDV, CMQGMOV,
# CMQPMOV, CMQTML…), Db2 (DSN: DSNTIAR's message area…), IMS (DFS: DFSAIB…) and z/OS TCP/IP (EZA).
SYSTEM_COPYBOOKS = frozenset(
    [
        "SQLCA", "SQLDA", "SQLCODES", "SQLENV", "SQLUTIL", "SQLETSD",
        "DFHAID", "DFHBMSCA", "DFHEIBLK", "DFHCOMMAREA", "DFHEIBLC", "DFHATTR",
    ]
)
SYSTEM_COPYBOOK_PREFIXES = ("DFH", "CEE", "IGZ", "CMQ", "DSN", "DFS", "EZA")


def is_system_program(name: str) -> bool:
    """IBM-supplied programs and runtime entry points: they are not part of the estate to replace.
    ``X'91'`` (a COBOL ``CALL X"91"``) is a Micro Focus runtime service called by its number."""
    name = name.upper()
    return name in SYSTEM_PROGRAMS or name.startswith(SYSTEM_PREFIXES) or is_runtime_service(name)


def is_runtime_library(name: str) -> bool:
    """A library routine of Micro Focus's, ACUCOBOL's or GnuCOBOL's runtime (a CALL target only: a job
    step that runs a program of that name runs the estate's)."""
    name = name.upper()
    return name in RUNTIME_PROGRAMS or name.startswith(RUNTIME_PREFIXES)


def is_runtime_service(name: str) -> bool:
    """A call target written as a hexadecimal literal (``X'91'``, ``X'AF'``): the Micro Focus runtime's
    services are called by function number, never a program of the estate."""
    return len(name) >= 4 and name[:2] in ("X'", "x'") and name.endswith("'") and all(c in "0123456789ABCDEFabcdef" for c in name[2:-1])


def is_build_program(name: str) -> bool:
    """Compilers, translators and binders: a step that runs one builds programs."""
    return name.upper() in BUILD_PROGRAMS


def is_system_copybook(name: str) -> bool:
    """Copybooks a precompiler, translator or system library supplies."""
    name = name.upper()
    return name in SYSTEM_COPYBOOKS or name.startswith(SYSTEM_COPYBOOK_PREFIXES)
