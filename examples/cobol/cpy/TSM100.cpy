      ******************************************************************
      * COPYBOOK : TSM100                                              *
      * INHOUD   : SYMBOLISCHE MAP VAN MAPSET TSM100 (MENU)            *
      *            GEGENEREERD MET DFHMAPS UIT BMS/TSM100.BMS -        *
      *            NIET HANDMATIG WIJZIGEN.                            *
      ******************************************************************
       01  TSM100AI.
           02  FILLER PIC X(12).
           02  MDATUML    COMP  PIC  S9(4).
           02  MDATUMF    PICTURE X.
           02  FILLER REDEFINES MDATUMF.
             03 MDATUMA    PICTURE X.
           02  MDATUMI  PIC X(10).
           02  MKEUZEL    COMP  PIC  S9(4).
           02  MKEUZEF    PICTURE X.
           02  FILLER REDEFINES MKEUZEF.
             03 MKEUZEA    PICTURE X.
           02  MKEUZEI  PIC X(1).
           02  MBSNL    COMP  PIC  S9(4).
           02  MBSNF    PICTURE X.
           02  FILLER REDEFINES MBSNF.
             03 MBSNA    PICTURE X.
           02  MBSNI  PIC X(9).
           02  MSOORTL    COMP  PIC  S9(4).
           02  MSOORTF    PICTURE X.
           02  FILLER REDEFINES MSOORTF.
             03 MSOORTA    PICTURE X.
           02  MSOORTI  PIC X(2).
           02  MJAARL    COMP  PIC  S9(4).
           02  MJAARF    PICTURE X.
           02  FILLER REDEFINES MJAARF.
             03 MJAARA    PICTURE X.
           02  MJAARI  PIC X(4).
           02  MMELDL    COMP  PIC  S9(4).
           02  MMELDF    PICTURE X.
           02  FILLER REDEFINES MMELDF.
             03 MMELDA    PICTURE X.
           02  MMELDI  PIC X(79).
       01  TSM100AO REDEFINES TSM100AI.
           02  FILLER PIC X(12).
           02  FILLER PICTURE X(3).
           02  MDATUMO  PIC X(10).
           02  FILLER PICTURE X(3).
           02  MKEUZEO  PIC X(1).
           02  FILLER PICTURE X(3).
           02  MBSNO  PIC X(9).
           02  FILLER PICTURE X(3).
           02  MSOORTO  PIC X(2).
           02  FILLER PICTURE X(3).
           02  MJAARO  PIC X(4).
           02  FILLER PICTURE X(3).
           02  MMELDO  PIC X(79).
