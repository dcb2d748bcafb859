"""Write the places map's base map (memorial/static/memorial/map/base-map.geojson) from Natural Earth data.

The source is the world-atlas package's ``countries-10m.json`` (Natural Earth 1:10m admin-0 countries as
TopoJSON, public domain): ``npm pack world-atlas@2.0.2``, unpacked, then
``manage.py build_base_map package/countries-10m.json``. Run again only to change the region or the detail.
"""

from __future__ import annotations

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from memorial import basemap


class Command(BaseCommand):
    help = "Write the places map's base map (land, coast, borders) from world-atlas' countries-10m.json."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("topology", help="world-atlas' countries-10m.json (Natural Earth as TopoJSON)")
        parser.add_argument("--output", default=str(basemap.BASE_MAP), help="where to write the GeoJSON")

    def handle(self, *args, **options) -> None:
        try:
            topology = json.loads(Path(options["topology"]).read_text(encoding="utf-8"))
            data = basemap.build(topology)
        except (OSError, ValueError, KeyError) as error:
            raise CommandError(f"{options['topology']}: not world-atlas' TopoJSON ({error})") from error
        output = Path(options["output"])
        output.parent.mkdir(parents=True, exist_ok=True)
        output.write_text(json.dumps(data, separators=(",", ":")) + "\n", encoding="utf-8")
        self.stdout.write(f"{output}: {output.stat().st_size:,} bytes")
