import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ketamine_evidence.settings")

application = get_wsgi_application()

# What was loaded to serve requests lives as long as the process. Frozen, it is left out of
# the garbage collector's full collections, which a request that builds hundreds of
# thousands of objects (a batch of reference checks) would otherwise set off again and
# again, each walking every module, model and URL pattern loaded here.
gc.freeze()
