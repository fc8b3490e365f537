"""The API's request parsers. A module of its own, importing no views: DRF's APIView reads
DEFAULT_PARSER_CLASSES when its class is made, so a module that imports views cannot hold
the class that setting names."""

from rest_framework import parsers
from rest_framework.exceptions import ParseError


class JSONParser(parsers.JSONParser):
    """DRF's JSON parser, with a body nested deeper than Python's decoder can follow
    (`[[[[…` thousands deep) a 400 like any other malformed JSON, not a RecursionError."""

    def parse(self, stream, media_type=None, parser_context=None):
        try:
            return super().parse(stream, media_type, parser_context)
        except RecursionError:
            raise ParseError("JSON parse error - the JSON is nested too deeply.") from None
