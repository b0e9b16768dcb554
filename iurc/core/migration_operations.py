"""Migration operations that change a model of another app.

modeltranslation adds a column per language to Wagtail's ``Page`` (title_en, slug_vi …).
Those columns belong to this project, not to Wagtail, so their migration lives here: with
Django's plain ``AddField`` it would have to be written into Wagtail's installed package.
"""

from django.db import migrations


class AddFieldsToOtherApp(migrations.operations.base.Operation):
    """Add plain (non-relational) fields to a model of ``target_app``, recorded in this app's
    history. One operation for all the fields, not an ``AddField`` each: the model's migration
    state is rebuilt once, not once per field (each rebuild renders every model related to
    ``Page`` again: seconds for the columns of twelve languages)."""

    reduces_to_sql = True
    reversible = True

    def __init__(self, target_app, model_name, fields):
        self.target_app = target_app
        self.model_name = model_name
        self.fields = fields
        super().__init__()

    def deconstruct(self):
        kwargs = {"target_app": self.target_app, "model_name": self.model_name}
        return self.__class__.__qualname__, [], {**kwargs, "fields": self.fields}

    def state_forwards(self, app_label, state):
        model_key = (self.target_app, self.model_name.lower())
        for name, field in self.fields:
            if field.is_relation:
                raise ValueError(f"{name}: AddFieldsToOtherApp adds plain fields only")
            state.models[model_key].fields[name] = field
            if state._relations is not None:
                state.resolve_model_field_relations(model_key, name, field)
        state.reload_model(*model_key, delay=True)

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        to_model = to_state.apps.get_model(self.target_app, self.model_name)
        if self.allow_migrate_model(schema_editor.connection.alias, to_model):
            from_model = from_state.apps.get_model(self.target_app, self.model_name)
            for name, _field in self.fields:
                schema_editor.add_field(from_model, to_model._meta.get_field(name))

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        from_model = from_state.apps.get_model(self.target_app, self.model_name)
        if self.allow_migrate_model(schema_editor.connection.alias, from_model):
            for name, _field in reversed(self.fields):
                schema_editor.remove_field(from_model, from_model._meta.get_field(name))

    def describe(self):
        first, last = self.fields[0][0], self.fields[-1][0]
        count = len(self.fields)
        return f"Add {count} fields ({first} … {last}) to {self.target_app}.{self.model_name}"

    def references_model(self, name, app_label):
        return app_label == self.target_app and name.lower() == self.model_name.lower()
