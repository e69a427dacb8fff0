{{%AUTOESCAPE context="HTML"}}<h1>{{TITLE}}</h1>
{{>ERRORS}}
<p class="lead">Votre lien de réassort est valable. Continuez pour régénérer votre code de vote.</p>
<form method="post" action="{{ACTION}}">
<input type="hidden" name="csrf" value="{{CSRF}}">
<p><button type="submit">Continuer</button></p>
</form>
