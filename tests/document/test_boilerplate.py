"""Boilerplate is not content: copyright and licence notices, change logs and separator lines stay
out of a module's stated purpose and a plan step's title (headers shaped like those of IBM's and
AWS's public CICS samples and of a 1990s shop's change log)."""

from modernize.boilerplate import headline, purpose

IBM = ["", "Copyright IBM Corp. 2023", ""]
IBM_SAMPLE = ["Licensed Materials - Property of IBM", "", "SAMPLE", "", "(c) Copyright IBM Corp. 2016 All Rights Reserved", "",
              "US Government Users Restricted Rights - Use, duplication or", "disclosure restricted by GSA ADP Schedule Contract with IBM Corp",
              "", "GETPOL - Get currently held policies by the customer."]
AWS = ["Program     : COSGN00C.CBL", "Application : CardDemo", "Type        : CICS COBOL Program",
       "Function    : Signon Screen for the CardDemo Application", "", "Copyright Amazon.com, Inc. or its affiliates.",
       "All Rights Reserved.", "", 'Licensed under the Apache License, Version 2.0 (the "License").',
       "You may not use this file except in compliance with the License.", "You may obtain a copy of the License at", "",
       "   http://www.apache.org/licenses/LICENSE-2.0", "", "Unless required by applicable law or agreed to in writing,",
       'software distributed under the License is distributed on an "AS IS" BASIS,']
SHOP = ["TSB010 - CONTROLE INGEKOMEN AANVRAGEN", "Leest de aanvragen en schrijft goed/fout.", "", "WIJZIGINGEN",
        "12-03-1994 JDV eerste versie", "           uitgebreid met BSN-controle", "01-01-1999 PK  Y2K", "v2.1  PK  nieuwe grens",
        "", "Zie ook TSU020."]


def test_notices_and_change_logs_are_not_the_purpose():
    assert purpose(IBM) == []
    assert purpose(IBM_SAMPLE) == ["GETPOL - Get currently held policies by the customer."]
    assert purpose(AWS) == AWS[:4]
    assert purpose(SHOP) == ["TSB010 - CONTROLE INGEKOMEN AANVRAGEN", "Leest de aanvragen en schrijft goed/fout.", "", "Zie ook TSU020."]
    # A purpose that mentions a date or a version in its prose keeps it.
    assert purpose(["Berekent de toeslag over 1999.", "2.1 is de tweede stap"]) == ["Berekent de toeslag over 1999.", "2.1 is de tweede stap"]


def test_the_headline_is_the_stated_function_not_a_label_or_a_notice():
    assert headline(purpose(AWS)) == "Signon Screen for the CardDemo Application"
    assert headline(purpose(SHOP)) == "TSB010 - CONTROLE INGEKOMEN AANVRAGEN"
    assert headline(purpose(IBM)) == ""
    assert headline(["Program: GETCOMPY", "Author: James O'Grady", "Returns the company name."]) == "Returns the company name."
