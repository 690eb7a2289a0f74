"""z/OS Connect service and API definitions, written for the tests in the shape the toolkit writes them
(service.properties, a service archive's manifest.yml, an API's package.xml, .sar/.aar zip files)."""

import io
import zipfile
from pathlib import Path

from modernize.config import Settings
from modernize.inventory import take_inventory
from modernize.inventory.classify import classify
from modernize.model import FileKind, Module, SourceFile
from modernize.parsers import ParseContext, ParseResult
from modernize.parsers.zosconnect import MAX_MEMBER_BYTES, parse
from modernize.pipeline.parse import build_context
from tests.conftest import write_tree

SERVICE = """\
#Wed Sep 22 16:23:13 BST 2021
ccsid=37
connectionRef=cicsConn
responseSIName=TSU020Z.si
servicetype=cicsCommarea
requestSIName=TSU020Z.si
executableName=TSU020
description=Toeslag berekening
provider=cics
transid=
name=TSberekening
"""

MANIFEST = """\
---
Manifest-Version: 1.0
name: "TSbetaling"
provider: "CICS-1.0"
requestSchema:
  value: "file:///schemas/TSbetalingRequest.json"
  type: "JSONSchema"
responseSchema:
  value: "file:///schemas/TSbetalingResponse.json"
  type: "JSONSchema"
providerProperties:
- propertyName: "connectionRef"
  value: "cicsConn"
  type: "STRING"
- propertyName: "program"
  value: "TSB020"
  type: "STRING"
description: "Toeslag betaling"
"""

PACKAGE = """\
<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<zosConnectApi xmlns="http://www.ibm.com/zosConnect/2.0/zosConnectApi" id="toeslag">
    <apiSpec title="toeslag" basePath="/toeslag" description="berekening en betaling" version="1.0.0">
        <path relativePath="/berekening/{bsn}">
            <method type="GET" zosConnectServiceRef="TSberekening" operationId="getBerekening"></method>
        </path>
        <path relativePath="/betaling">
            <method type="POST" zosConnectServiceRef="TSbetaling" operationId="postBetaling"></method>
        </path>
    </apiSpec>
</zosConnectApi>
"""


def definition(text: str, path: str) -> ParseResult:
    source = SourceFile(path, "zosconnect", FileKind.CONFIG, "utf-8", "", "", text.count("\n"), len(text))
    return parse(source, text, ParseContext(root=Path("."), files={}))


def facts(module: Module) -> list[tuple[str, str, str, str, int | None]]:
    return [(r.kind, r.target_kind, r.target, r.via, r.line) for r in module.references]


def archive(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for name, data in members.items():
            target.writestr(name, data)
    return buffer.getvalue()


def test_a_service_properties_file_calls_its_program():
    result = definition(SERVICE, "zosconnect/services/TSberekening/service.properties")
    assert result.diagnostics == []
    [service] = result.modules
    assert (service.kind, service.name, service.language, service.line) == ("service", "TSberekening", "zosconnect", 11)
    assert facts(service) == [("calls", "program", "TSU020", "zosconnect", 7)]
    definition_ = service.service
    assert (definition_.connection, definition_.request_schema, definition_.response_schema, definition_.provider,
            definition_.service_type, definition_.transid, definition_.description) == (
        "cicsConn", "TSU020Z.si", "TSU020Z.si", "cics", "cicsCommarea", None, "Toeslag berekening")


def test_a_service_without_its_name_is_named_by_its_folder():
    [service] = definition(SERVICE.replace("name=TSberekening\n", ""), "zosconnect/services/TSberekening/service.properties").modules
    assert service.name == "TSberekening"


def test_a_service_archive_manifest_names_its_program_as_a_provider_property():
    [service] = definition(MANIFEST, "apis/toeslag/services/TSbetaling/manifest.yml").modules
    assert (service.kind, service.name) == ("service", "TSbetaling")
    assert facts(service) == [("calls", "program", "TSB020", "zosconnect", 16)]
    assert (service.service.connection, service.service.request_schema, service.service.response_schema) == (
        "cicsConn", "TSbetalingRequest.json", "TSbetalingResponse.json")


def test_an_api_calls_the_service_of_each_path_and_method():
    [api] = definition(PACKAGE, "apis/toeslag/package.xml").modules
    assert (api.kind, api.name, api.service.base_path) == ("api", "toeslag", "/toeslag")
    assert api.service.operations == (("GET", "/berekening/{bsn}", "TSberekening"), ("POST", "/betaling", "TSbetaling"))
    assert facts(api) == [("calls", "service", "TSBEREKENING", "zosconnect", 5), ("calls", "service", "TSBETALING", "zosconnect", 8)]
    assert [r.attributes["operation"] for r in api.references] == ["GET /berekening/{bsn}", "POST /betaling"]


def test_the_inventory_tells_definitions_by_content_and_archives_by_name_and_bytes(tmp_path):
    assert classify("services/x/service.properties", SERVICE) == ("zosconnect", "config")
    assert classify("services/x/manifest.yml", MANIFEST) == ("zosconnect", "config")
    assert classify("apis/x/package.xml", PACKAGE) == ("zosconnect", "config")
    assert classify("src/main/resources/application.properties", "server.port=8080\nprogram.name=demo\n") == ("properties", "config")
    assert classify("pom.xml", "<?xml version=\"1.0\"?>\n<project></project>\n")[0] != "zosconnect"
    write_tree(tmp_path, {"sar/TSbetaling.sar": archive({"manifest.yml": MANIFEST.encode()}), "lib/other.jar": archive({"a.txt": b"x"})})
    kinds = {f.path: (f.kind, f.language) for f in take_inventory(tmp_path).files}
    assert kinds == {"sar/TSbetaling.sar": ("binary", "zosconnect"), "lib/other.jar": ("binary", "binary")}


def test_archives_are_read_in_memory_member_by_member(tmp_path):
    members = {"manifest.yml": MANIFEST.encode(), "files/service\\TSbetaling.xml": b"<service/>",
               "package.xml": PACKAGE.encode(), "big/service.properties": SERVICE.encode() + b"#" * MAX_MEMBER_BYTES}
    write_tree(tmp_path, {"TSbetaling.sar": archive(members), "broken.aar": b"PK\x03\x04 not really a zip"})
    inventory = take_inventory(tmp_path)
    context = build_context(tmp_path, inventory.files, Settings())
    files = {f.path: f for f in inventory.files}
    result = parse(files["TSbetaling.sar"], "", context)
    assert result.diagnostics == []
    assert sorted((m.kind, m.name, m.line, m.archive_entry) for m in result.modules) == [
        ("api", "toeslag", None, "package.xml"), ("service", "TSbetaling", None, "manifest.yml")]  # the oversized member is skipped
    service = next(m for m in result.modules if m.kind == "service")
    assert [(r.target, r.line, r.archive_entry, r.path) for r in service.references] == [("TSB020", None, "manifest.yml", "TSbetaling.sar")]
    broken = parse(files["broken.aar"], "", context)
    assert (broken.modules, [(d.severity, d.code) for d in broken.diagnostics]) == ([], [("info", "zosconnect-archive-unreadable")])
