{{%AUTOESCAPE context="HTML"}}<h1>{{TITLE}}</h1>
<div class="notice" role="alert"><p>Avant de régénérer votre code de vote, veuillez vous munir de tout moyen permettant de le conserver (appareil photo de votre smartphone ou crayon avec support papier). Votre nouveau code de vote, composé de caractères spéciaux et alphanumériques, ne sera visible à l'écran que durant {{SECONDS}} secondes.</p></div>
<p>Pour régénérer votre code de vote, cliquez sur « REGENERER MON CODE DE VOTE » :</p>
<form method="post" action="{{ACTION}}">
<input type="hidden" name="csrf" value="{{CSRF}}">
<p><button type="submit">REGENERER MON CODE DE VOTE</button></p>
</form>
