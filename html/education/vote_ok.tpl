{{%AUTOESCAPE context="HTML"}}<h1>{{TITLE}}</h1>
<div class="notice" role="status"><p>Code de vote accepté : vous pouvez participer aux scrutins nationaux ou académiques.</p></div>
<p><a class="button secondary" href="{{BACK_URL}}">Retour à votre espace personnel</a></p>
