"""Migration operations that change a model of another app.

modeltranslation adds a column per language to Wagtail's ``Page`` (title_en, slug_vi …).
Those columns belong to this project, not to Wagtail, so their migration lives here: with
Django's plain ``AddField`` it would have to be written into Wagtail's installed package.
"""

from django.db import migrations


class AddFieldToOtherApp(migrations.AddField):
    """``AddField`` whose model belongs to ``target_app``, recorded in this app's history."""

    def __init__(self, target_app, model_name, name, field, preserve_default=True):
        self.target_app = target_app
        super().__init__(model_name, name, field, preserve_default)

    def deconstruct(self):
        name, args, kwargs = super().deconstruct()
        return name, args, {"target_app": self.target_app, **kwargs}

    def state_forwards(self, app_label, state):
        super().state_forwards(self.target_app, state)

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        super().database_forwards(self.target_app, schema_editor, from_state, to_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        super().database_backwards(self.target_app, schema_editor, from_state, to_state)

    def describe(self):
        return f"Add field {self.name} to {self.target_app}.{self.model_name}"

    def references_model(self, name, app_label):
        return app_label == self.target_app and super().references_model(name, app_label)
