{{%AUTOESCAPE context="HTML"}}<h1>{{TITLE}}</h1>
{{>ERRORS}}
<form method="post" action="{{ACTION}}" novalidate>
<input type="hidden" name="csrf" value="{{CSRF}}">
<div class="field{{#ERROR_email}} has-error{{/ERROR_email}}">
<label for="email">Adresse électronique</label>
{{#ERROR_email}}<p class="field-error" id="email-error">{{MESSAGE}}</p>{{/ERROR_email}}
<input id="email" name="email" type="email" required maxlength="254">
</div>
<p><button type="submit">Valider</button></p>
</form>
