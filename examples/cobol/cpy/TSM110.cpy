      ******************************************************************
      * COPYBOOK : TSM110                                              *
      * INHOUD   : SYMBOLISCHE MAP VAN MAPSET TSM110 (AANVRAAG)        *
      *            GEGENEREERD MET DFHMAPS UIT BMS/TSM110.BMS -        *
      *            NIET HANDMATIG WIJZIGEN.                            *
      ******************************************************************
       01  TSM110AI.
           02  FILLER PIC X(12).
           02  DTRANL    COMP  PIC  S9(4).
           02  DTRANF    PICTURE X.
           02  FILLER REDEFINES DTRANF.
             03 DTRANA    PICTURE X.
           02  DTRANI  PIC X(4).
           02  DTITELL    COMP  PIC  S9(4).
           02  DTITELF    PICTURE X.
           02  FILLER REDEFINES DTITELF.
             03 DTITELA    PICTURE X.
           02  DTITELI  PIC X(30).
           02  DDATUML    COMP  PIC  S9(4).
           02  DDATUMF    PICTURE X.
           02  FILLER REDEFINES DDATUMF.
             03 DDATUMA    PICTURE X.
           02  DDATUMI  PIC X(10).
           02  DBSNL    COMP  PIC  S9(4).
           02  DBSNF    PICTURE X.
           02  FILLER REDEFINES DBSNF.
             03 DBSNA    PICTURE X.
           02  DBSNI  PIC X(9).
           02  DSOORTL    COMP  PIC  S9(4).
           02  DSOORTF    PICTURE X.
           02  FILLER REDEFINES DSOORTF.
             03 DSOORTA    PICTURE X.
           02  DSOORTI  PIC X(2).
           02  DJAARL    COMP  PIC  S9(4).
           02  DJAARF    PICTURE X.
           02  FILLER REDEFINES DJAARF.
             03 DJAARA    PICTURE X.
           02  DJAARI  PIC X(4).
           02  DNAAML    COMP  PIC  S9(4).
           02  DNAAMF    PICTURE X.
           02  FILLER REDEFINES DNAAMF.
             03 DNAAMA    PICTURE X.
           02  DNAAMI  PIC X(47).
           02  DADRESL    COMP  PIC  S9(4).
           02  DADRESF    PICTURE X.
           02  FILLER REDEFINES DADRESF.
             03 DADRESA    PICTURE X.
           02  DADRESI  PIC X(40).
           02  DPLAATSL    COMP  PIC  S9(4).
           02  DPLAATSF    PICTURE X.
           02  FILLER REDEFINES DPLAATSF.
             03 DPLAATSA    PICTURE X.
           02  DPLAATSI  PIC X(32).
           02  DGEBDATL    COMP  PIC  S9(4).
           02  DGEBDATF    PICTURE X.
           02  FILLER REDEFINES DGEBDATF.
             03 DGEBDATA    PICTURE X.
           02  DGEBDATI  PIC X(10).
           02  DAANVNRL    COMP  PIC  S9(4).
           02  DAANVNRF    PICTURE X.
           02  FILLER REDEFINES DAANVNRF.
             03 DAANVNRA    PICTURE X.
           02  DAANVNRI  PIC X(10).
           02  DSTATUSL    COMP  PIC  S9(4).
           02  DSTATUSF    PICTURE X.
           02  FILLER REDEFINES DSTATUSF.
             03 DSTATUSA    PICTURE X.
           02  DSTATUSI  PIC X(20).
           02  DINKOML    COMP  PIC  S9(4).
           02  DINKOMF    PICTURE X.
           02  FILLER REDEFINES DINKOMF.
             03 DINKOMA    PICTURE X.
           02  DINKOMI  PIC X(10).
           02  DHUURL    COMP  PIC  S9(4).
           02  DHUURF    PICTURE X.
           02  FILLER REDEFINES DHUURF.
             03 DHUURA    PICTURE X.
           02  DHUURI  PIC X(8).
           02  DPARTNL    COMP  PIC  S9(4).
           02  DPARTNF    PICTURE X.
           02  FILLER REDEFINES DPARTNF.
             03 DPARTNA    PICTURE X.
           02  DPARTNI  PIC X(9).
           02  DIBANL    COMP  PIC  S9(4).
           02  DIBANF    PICTURE X.
           02  FILLER REDEFINES DIBANF.
             03 DIBANA    PICTURE X.
           02  DIBANI  PIC X(18).
           02  DBEDRAGL    COMP  PIC  S9(4).
           02  DBEDRAGF    PICTURE X.
           02  FILLER REDEFINES DBEDRAGF.
             03 DBEDRAGA    PICTURE X.
           02  DBEDRAGI  PIC X(12).
           02  DMELDL    COMP  PIC  S9(4).
           02  DMELDF    PICTURE X.
           02  FILLER REDEFINES DMELDF.
             03 DMELDA    PICTURE X.
           02  DMELDI  PIC X(79).
           02  DPFTXTL    COMP  PIC  S9(4).
           02  DPFTXTF    PICTURE X.
           02  FILLER REDEFINES DPFTXTF.
             03 DPFTXTA    PICTURE X.
           02  DPFTXTI  PIC X(79).
       01  TSM110AO REDEFINES TSM110AI.
           02  FILLER PIC X(12).
           02  FILLER PICTURE X(3).
           02  DTRANO  PIC X(4).
           02  FILLER PICTURE X(3).
           02  DTITELO  PIC X(30).
           02  FILLER PICTURE X(3).
           02  DDATUMO  PIC X(10).
           02  FILLER PICTURE X(3).
           02  DBSNO  PIC X(9).
           02  FILLER PICTURE X(3).
           02  DSOORTO  PIC X(2).
           02  FILLER PICTURE X(3).
           02  DJAARO  PIC X(4).
           02  FILLER PICTURE X(3).
           02  DNAAMO  PIC X(47).
           02  FILLER PICTURE X(3).
           02  DADRESO  PIC X(40).
           02  FILLER PICTURE X(3).
           02  DPLAATSO  PIC X(32).
           02  FILLER PICTURE X(3).
           02  DGEBDATO  PIC X(10).
           02  FILLER PICTURE X(3).
           02  DAANVNRO  PIC X(10).
           02  FILLER PICTURE X(3).
           02  DSTATUSO  PIC X(20).
           02  FILLER PICTURE X(3).
           02  DINKOMO  PIC X(10).
           02  FILLER PICTURE X(3).
           02  DHUURO  PIC X(8).
           02  FILLER PICTURE X(3).
           02  DPARTNO  PIC X(9).
           02  FILLER PICTURE X(3).
           02  DIBANO  PIC X(18).
           02  FILLER PICTURE X(3).
           02  DBEDRAGO  PIC X(12).
           02  FILLER PICTURE X(3).
           02  DMELDO  PIC X(79).
           02  FILLER PICTURE X(3).
           02  DPFTXTO  PIC X(79).
