"""The partner editor's point picker: latitude and longitude side by side, as before, with a
small map under them on which staff click or drag a marker to fill both fields.

The fields stay the source of truth and work alone: the map is hidden until its script has
drawn it (without JavaScript the editor shows the plain fields), typing in the fields moves the
marker, and the map draws the world outline from our static files, so it needs no tile server
(static/js/map-background.js). It runs under the admin's Content-Security-Policy: scripts and
styles from our origin, the outline fetched from our origin, tiles only from IURC_MAP_TILES.
"""

from django.forms import Media
from wagtail.admin.panels import FieldPanel, FieldRowPanel

from partners.maps import BACKGROUND_SCRIPTS

LEAFLET = "vendor/leaflet/leaflet"


class PointPickerPanel(FieldRowPanel):
    """``PointPickerPanel("latitude", "longitude")``: the two fields and a map to pick them on."""

    def __init__(self, latitude="latitude", longitude="longitude", *args, **kwargs):
        self.latitude = latitude
        self.longitude = longitude
        kwargs.setdefault("children", [FieldPanel(latitude), FieldPanel(longitude)])
        super().__init__(*args, **kwargs)

    def clone_kwargs(self):
        kwargs = super().clone_kwargs()
        kwargs.update(latitude=self.latitude, longitude=self.longitude)
        return kwargs

    class BoundPanel(FieldRowPanel.BoundPanel):
        template_name = "partners/admin/point_picker.html"

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            names = (self.panel.latitude, self.panel.longitude)
            # A form without both fields (one that leaves them out) gets no map.
            if all(name in self.form.fields for name in names):
                context["latitude_id"], context["longitude_id"] = (
                    self.form[name].auto_id for name in names
                )
            return context

        @property
        def media(self):
            return super().media + Media(
                css={"all": [f"{LEAFLET}.css", "partners/point-picker.css"]},
                js=[f"{LEAFLET}.js", *BACKGROUND_SCRIPTS, "partners/point-picker.js"],
            )
